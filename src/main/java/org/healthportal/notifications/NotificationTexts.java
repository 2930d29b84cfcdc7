package org.healthportal.notifications;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Arrays;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Messages;

/**
 * A notification's title and body in a language, from {@code i18n/notifications_<lang>.properties}.
 * Made when read, not when stored, so the text follows the resident's language as it is now.
 *
 * <p>Each kind has {@code <kind>.title}, and a body {@code <kind>.self} (the account holder's own
 * contract) or {@code <kind>.dependant} (a household member's). Body arguments: {0} the team, {1}
 * the last day of the term (China Standard Time), {2} the dependant's name, {3} a decline's reason.
 */
final class NotificationTexts {

  private static final Messages CATALOGUE = Messages.catalogue("notifications");

  record Rendered(String title, String body) {}

  private NotificationTexts() {}

  static Rendered render(Lang lang, NotificationKind kind, JsonObject params) {
    if (kind == NotificationKind.BED_AVAILABLE) return bedAvailable(lang, params);
    String dependant = params.getString("dependantName");
    String team = lang == Lang.EN && params.getString("teamNameEn") != null ? params.getString("teamNameEn") : params.getString("teamNameZh");
    String endsAt = params.getString("endsAt");
    String lastDay = endsAt == null ? "" : OffsetDateTime.parse(endsAt).atZoneSameInstant(QuietHours.CST).toLocalDate().toString();
    String reason = params.getString("reason", "");
    String body = CATALOGUE.text(lang, kind.wire() + (dependant == null ? ".self" : ".dependant"),
        Arrays.asList(team, lastDay, dependant == null ? "" : dependant, reason));
    return new Rendered(CATALOGUE.text(lang, kind.wire() + ".title", java.util.List.of()), body);
  }

  /**
   * A fired bed watch: {0} the facility (its English name in English when it has one), {1} the care
   * level in words, {2} the report's time in China Standard Time to the minute.
   */
  private static Rendered bedAvailable(Lang lang, JsonObject params) {
    String facility = lang == Lang.EN && params.getString("facilityNameEn") != null
        ? params.getString("facilityNameEn") : params.getString("facilityNameZh");
    String level = CATALOGUE.text(lang, "care_level." + params.getString("careLevel"), java.util.List.of());
    String reportedAt = params.getString("reportedAt");
    String at = reportedAt == null ? "" : OffsetDateTime.parse(reportedAt).atZoneSameInstant(QuietHours.CST).toLocalDateTime()
        .truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString().replace('T', ' ');
    return new Rendered(CATALOGUE.text(lang, "bed_available.title", java.util.List.of()),
        CATALOGUE.text(lang, "bed_available.body", Arrays.asList(facility, level, at)));
  }

  /** The catalogue itself (a test keeps both languages complete). */
  static Messages catalogue() {
    return CATALOGUE;
  }
}
