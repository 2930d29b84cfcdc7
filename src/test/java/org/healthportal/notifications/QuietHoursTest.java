package org.healthportal.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Quiet hours in China Standard Time, whatever the server's zone, across midnight or within a day. */
class QuietHoursTest {

  private static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
  private static final QuietHours NAP = new QuietHours(LocalTime.of(12, 30), LocalTime.of(14, 0));

  private static Instant cst(String local) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(local), QuietHours.CST).toInstant();
  }

  @Test
  void acrossMidnightAPushBeforeMidnightWaitsForTheNextMorning() {
    assertThat(NIGHT.pushDueAt(cst("2026-11-27T23:30"))).isEqualTo(cst("2026-11-28T07:00"));
    assertThat(NIGHT.pushDueAt(cst("2026-11-27T22:00"))).as("the start is quiet").isEqualTo(cst("2026-11-28T07:00"));
  }

  @Test
  void acrossMidnightAPushAfterMidnightWaitsForTheSameMorning() {
    assertThat(NIGHT.pushDueAt(cst("2026-11-28T00:10"))).isEqualTo(cst("2026-11-28T07:00"));
    assertThat(NIGHT.pushDueAt(cst("2026-11-28T06:59"))).isEqualTo(cst("2026-11-28T07:00"));
  }

  @Test
  void outsideTheSpanAPushGoesAtOnce() {
    Instant morning = cst("2026-11-28T07:00");
    assertThat(NIGHT.pushDueAt(morning)).as("the end is not quiet").isEqualTo(morning);
    Instant evening = cst("2026-11-27T21:59");
    assertThat(NIGHT.pushDueAt(evening)).isEqualTo(evening);
    Instant noon = cst("2026-11-28T12:00");
    assertThat(NAP.pushDueAt(noon)).isEqualTo(noon);
  }

  @Test
  void withinADayTheSpanEndsTheSameDay() {
    assertThat(NAP.pushDueAt(cst("2026-11-28T13:15"))).isEqualTo(cst("2026-11-28T14:00"));
    assertThat(NAP.contains(cst("2026-11-28T14:00"))).isFalse();
  }

  /** The span is China Standard Time: 15:30 UTC is 23:30 in Jinan, quiet. */
  @Test
  void theClockIsChinaStandardTimeNotUtc() {
    Instant utcAfternoon = Instant.parse("2026-11-27T15:30:00Z");
    assertThat(NIGHT.contains(utcAfternoon)).isTrue();
    assertThat(NIGHT.pushDueAt(utcAfternoon)).isEqualTo(Instant.parse("2026-11-27T23:00:00Z"));
  }

  @Test
  void anEmptySpanIsRefused() {
    assertThatThrownBy(() -> new QuietHours(LocalTime.of(8, 0), LocalTime.of(8, 0))).isInstanceOf(IllegalArgumentException.class);
  }
}
