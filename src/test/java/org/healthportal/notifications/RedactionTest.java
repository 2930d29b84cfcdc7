package org.healthportal.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Staff's free text loses every ID or phone number, whole or masked, and keeps the rest. */
class RedactionTest {

  @Test
  void phoneAndIdNumbersWholeOrMaskedAreRemoved() {
    assertThat(Redaction.withoutNumbers("请致电13812345678咨询")).isEqualTo("请致电[…]咨询");
    assertThat(Redaction.withoutNumbers("call 138 1234 5678 or 0531-8888 6666")).isEqualTo("call […] or […]");
    assertThat(Redaction.withoutNumbers("ID 11010519491231002X mismatch")).isEqualTo("ID […] mismatch");
    assertThat(Redaction.withoutNumbers("ID 110105********002X, phone 138****5678")).isEqualTo("ID […], phone […]");
    assertThat(Redaction.withoutNumbers("ID ４４０５２４１８８００１０１００１４")).isEqualTo("ID […]");
  }

  @Test
  void datesCountsAndOrdinaryTextStay() {
    String text = "Outside our catchment street since 2026-01-01; 3 teams serve No. 12 Jingshi Road, open 8:00-17:00";
    assertThat(Redaction.withoutNumbers(text)).isEqualTo(text);
    assertThat(Redaction.withoutNumbers(null)).isNull();
  }
}
