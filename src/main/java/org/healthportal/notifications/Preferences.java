package org.healthportal.notifications;

import java.time.Instant;
import java.util.Set;
import org.healthportal.platform.http.Lang;

/**
 * A resident's notification choices. Muted kinds are not stored at all (the inbox too stays without
 * them); quiet hours only delay the push. {@code language} is for texts made without a request (a
 * push); null means the language of each request.
 */
record Preferences(Set<NotificationKind> muted, QuietHours quietHours, Lang language) {

  static final Preferences DEFAULTS = new Preferences(Set.of(), null, null);

  boolean wants(NotificationKind kind) {
    return !muted.contains(kind);
  }

  /** When a push about something at {@code at} may go. */
  Instant pushDueAt(Instant at) {
    return quietHours == null ? at : quietHours.pushDueAt(at);
  }
}
