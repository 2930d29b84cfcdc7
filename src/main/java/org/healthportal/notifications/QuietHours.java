package org.healthportal.notifications;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A daily span of China Standard Time during which pushes wait (the inbox still fills). A span whose
 * start is after its end runs across midnight (22:00–07:00). Start and end are never equal: such a
 * span would mean either nothing or the whole day, and the preferences refuse it.
 */
public record QuietHours(LocalTime start, LocalTime end) {

  /** Residents' clocks: China Standard Time has no daylight saving, so a span is the same every day. */
  public static final ZoneId CST = ZoneId.of("Asia/Shanghai");

  public QuietHours {
    if (start.equals(end)) throw new IllegalArgumentException("quiet hours need a start different from their end");
  }

  /** Whether {@code at} falls inside the span (the start included, the end not). */
  public boolean contains(Instant at) {
    LocalTime t = at.atZone(CST).toLocalTime();
    return crossesMidnight() ? !t.isBefore(start) || t.isBefore(end) : !t.isBefore(start) && t.isBefore(end);
  }

  /** When a push about something that happened at {@code at} may go: at once, or when the span ends. */
  public Instant pushDueAt(Instant at) {
    if (!contains(at)) return at;
    ZonedDateTime local = at.atZone(CST);
    // Inside a span across midnight and after its start, the span ends tomorrow.
    boolean endsTomorrow = crossesMidnight() && !local.toLocalTime().isBefore(start);
    LocalDate day = endsTomorrow ? local.toLocalDate().plusDays(1) : local.toLocalDate();
    return ZonedDateTime.of(day, end, CST).toInstant();
  }

  private boolean crossesMidnight() {
    return start.isAfter(end);
  }
}
