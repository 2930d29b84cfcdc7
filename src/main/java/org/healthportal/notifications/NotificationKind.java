package org.healthportal.notifications;

import java.util.Arrays;
import java.util.Optional;

/** What a notification tells; {@link #wire} is the name in the contract, the database and the catalogue. */
public enum NotificationKind {
  SIGNUP_APPROVED,
  SIGNUP_DECLINED,
  RENEWAL_OPEN,
  CONTRACT_EXPIRING,
  CONTRACT_EXPIRED,
  TEAM_CHANGED,
  /** A bed watch fired (told by {@code .body}, never about a dependant). */
  BED_AVAILABLE;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<NotificationKind> fromWire(String wire) {
    return Arrays.stream(values()).filter(k -> k.wire().equals(wire)).findFirst();
  }
}
