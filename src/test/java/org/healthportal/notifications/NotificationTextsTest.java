package org.healthportal.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.familydoctor.published.ContractNotices;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Messages;
import org.junit.jupiter.api.Test;

/** Every kind has its texts in both languages; they name people and teams, carry no numbers, and follow the rules of each event. */
class NotificationTextsTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");
  private static final ContractNotices.Contract FOR_MOTHER = new ContractNotices.Contract(UUID.randomUUID(), "sub-1", "王秀英",
      "历下区社区卫生服务中心家庭医生团队", "Lixia CHC family doctor team", OffsetDateTime.of(2027, 11, 27, 16, 30, 0, 0, ZoneOffset.UTC), false);
  private static final ContractNotices.Contract OWN = new ContractNotices.Contract(UUID.randomUUID(), "sub-1", null,
      "历下区社区卫生服务中心家庭医生团队", null, OffsetDateTime.of(2027, 11, 27, 16, 30, 0, 0, ZoneOffset.UTC), true);

  @Test
  void bothCataloguesHaveEveryKindWithTheSamePlaceholders() {
    Messages catalogue = NotificationTexts.catalogue();
    Set<String> zh = new TreeSet<>(catalogue.keySet(Lang.ZH));
    assertThat(zh).isEqualTo(new TreeSet<>(catalogue.keySet(Lang.EN)));
    for (NotificationKind kind : NotificationKind.values()) {
      // A bed watch is always the account holder's own: one body; contract kinds tell the holder's or a dependant's.
      List<String> parts = kind == NotificationKind.BED_AVAILABLE ? List.of(".title", ".body") : List.of(".title", ".self", ".dependant");
      for (String part : parts) assertThat(zh).contains(kind.wire() + part);
    }
    for (String key : zh) {
      assertThat(placeholders(catalogue.text(Lang.ZH, key, List.of()))).as(key).isEqualTo(placeholders(catalogue.text(Lang.EN, key, List.of())));
    }
  }

  @Test
  void aDependantsNotificationNamesThemAndTheTeamInTheLanguageAsked() {
    Draft approved = NotificationRules.fromEvent(41, "signup.active", new JsonObject().put("from", "PENDING").put("to", "ACTIVE"),
        java.time.Instant.now(), FOR_MOTHER).orElseThrow();
    assertThat(approved.kind()).isEqualTo(NotificationKind.SIGNUP_APPROVED);
    assertThat(approved.source()).isEqualTo("outbox:41");
    var zh = NotificationTexts.render(Lang.ZH, approved.kind(), approved.params());
    assertThat(zh.body()).isEqualTo("王秀英与历下区社区卫生服务中心家庭医生团队的签约已通过，合同有效期至2027-11-28。");
    var en = NotificationTexts.render(Lang.EN, approved.kind(), approved.params());
    assertThat(en.title()).isEqualTo("Family doctor signup approved");
    assertThat(en.body()).isEqualTo("The signup of 王秀英 with Lixia CHC family doctor team was approved. The contract runs until 2027-11-28.");
  }

  @Test
  void aDeclineCarriesItsReasonWithoutNumbers() {
    Draft declined = NotificationRules.fromEvent(42, "signup.rejected",
        new JsonObject().put("from", "PENDING").put("reason", "不在服务范围，请致电 0531-86661234"), java.time.Instant.now(), OWN).orElseThrow();
    String body = NotificationTexts.render(Lang.ZH, declined.kind(), declined.params()).body();
    assertThat(body).startsWith("历下区社区卫生服务中心家庭医生团队未通过您的签约申请。原因：不在服务范围").doesNotContainPattern("\\d{4}");
    // No English name: the Chinese one stands in.
    assertThat(NotificationTexts.render(Lang.EN, declined.kind(), declined.params()).body()).contains("历下区社区卫生服务中心家庭医生团队 declined your signup");
  }

  @Test
  void whichEventsTell() {
    java.time.Instant now = java.time.Instant.now();
    assertThat(kind("signup.active", "PENDING", FOR_MOTHER, now)).contains(NotificationKind.SIGNUP_APPROVED);
    assertThat(kind("signup.active", "PENDING", OWN, now)).as("accepted after a change of team").contains(NotificationKind.TEAM_CHANGED);
    assertThat(kind("signup.active", null, FOR_MOTHER, now)).as("a renewal's next term: the resident did it").isEmpty();
    assertThat(kind("signup.expired", "ACTIVE", FOR_MOTHER, now)).contains(NotificationKind.CONTRACT_EXPIRED);
    assertThat(kind("signup.withdrawn", "PENDING", FOR_MOTHER, now)).as("the resident's own act").isEmpty();
    assertThat(kind("signup.terminated", "ACTIVE", FOR_MOTHER, now)).isEmpty();
    Draft reminder = NotificationRules.reminder(NotificationKind.RENEWAL_OPEN, FOR_MOTHER, now);
    assertThat(reminder.source()).isEqualTo("signup:" + FOR_MOTHER.signupId());
  }

  private static Optional<NotificationKind> kind(String type, String from, ContractNotices.Contract c, java.time.Instant at) {
    return NotificationRules.fromEvent(1, type, new JsonObject().put("from", from), at, c).map(Draft::kind);
  }

  private static List<String> placeholders(String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) out.add(m.group());
    return out.stream().sorted().distinct().toList();
  }
}
