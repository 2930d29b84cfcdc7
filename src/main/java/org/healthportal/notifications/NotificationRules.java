package org.healthportal.notifications;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.healthportal.familydoctor.published.ContractNotices;

/**
 * Which change tells the account holder what. Only changes the resident did not make themselves are
 * told: a team's decision, the end of a term; a withdrawal or cancellation by the resident is not.
 */
final class NotificationRules {

  /** Outbox event types that may make a notification; the others are only marked as seen. */
  static final Set<String> SIGNUP_EVENTS = Set.of("signup.active", "signup.rejected", "signup.expired");

  private NotificationRules() {}

  /**
   * The notification an outbox event makes, if any.
   *
   * @param eventId the outbox event's id, part of the de-duplication key
   * @param payload the event's payload ({@code from}, {@code to}, {@code reason})
   */
  static Optional<Draft> fromEvent(long eventId, String eventType, JsonObject payload, Instant at, ContractNotices.Contract contract) {
    NotificationKind kind = switch (eventType) {
      // A renewal's next term also starts ACTIVE, but from nothing: the resident renewed it themselves.
      case "signup.active" -> "PENDING".equals(payload.getString("from"))
          ? (contract.movedTeam() ? NotificationKind.TEAM_CHANGED : NotificationKind.SIGNUP_APPROVED) : null;
      case "signup.rejected" -> NotificationKind.SIGNUP_DECLINED;
      case "signup.expired" -> NotificationKind.CONTRACT_EXPIRED;
      default -> null;
    };
    if (kind == null) return Optional.empty();
    JsonObject params = params(contract);
    if (kind == NotificationKind.SIGNUP_DECLINED) params.put("reason", Redaction.withoutNumbers(payload.getString("reason")));
    return Optional.of(new Draft(contract.ownerSubject(), kind, "outbox:" + eventId, contract.signupId(), params, at));
  }

  /** A reminder that comes with time; one per contract (a renewed term is another contract). */
  static Draft reminder(NotificationKind kind, ContractNotices.Contract contract, Instant at) {
    return new Draft(contract.ownerSubject(), kind, "signup:" + contract.signupId(), contract.signupId(), params(contract), at);
  }

  /** Names, never numbers: the dependant by name, the team by its names, the end of the term. */
  private static JsonObject params(ContractNotices.Contract c) {
    return new JsonObject()
        .put("dependantName", c.dependantName())
        .put("teamNameZh", c.teamNameZh())
        .put("teamNameEn", c.teamNameEn())
        .put("endsAt", c.endsAt() == null ? null : c.endsAt().withOffsetSameInstant(ZoneOffset.UTC).toString());
  }
}
