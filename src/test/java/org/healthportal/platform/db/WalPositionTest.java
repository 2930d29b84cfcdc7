package org.healthportal.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WAL positions order as PostgreSQL orders them, and a generation says what a replica must have replayed. */
class WalPositionTest {

  @Test
  void positionsOrderAsPostgresOrdersThem() {
    List<String> ordered = List.of("0/0", "0/1", "0/FFFFFFFF", "1/0", "16/B374D848", "16/B374D849", "FF/0", "FFFFFFFF/FFFFFFFF");
    for (int i = 1; i < ordered.size(); i++) {
      assertThat(Long.compareUnsigned(WalPosition.parse(ordered.get(i - 1)), WalPosition.parse(ordered.get(i))))
          .as(ordered.get(i - 1) + " < " + ordered.get(i)).isNegative();
    }
    assertThat(WalPosition.parse("16/B374D848")).isEqualTo(0x16_B374D848L);
    for (String bad : List.of("", "16", "/1", "x/1", "1/x")) {
      assertThatThrownBy(() -> WalPosition.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aReadNeedsTheHighestPositionItsGenerationsCarry() {
    String a = WalPosition.label("4f1c", "0/3000060");
    String b = WalPosition.label("9e2d", "0/3000100");
    assertThat(WalPosition.required(List.of(a, b))).isEqualTo(WalPosition.parse("0/3000100"));
    assertThat(WalPosition.required(List.of(a))).isEqualTo(WalPosition.parse("0/3000060"));
    assertThat(WalPosition.required(List.of())).isZero();
  }

  @Test
  void aGenerationWithoutAPositionLeavesTheReadToThePrimary() {
    String labelled = WalPosition.label("4f1c", "0/3000060");
    assertThat(WalPosition.label("9e2d", null)).isEqualTo("9e2d");
    assertThat(WalPosition.required(List.of(labelled, "9e2d"))).isEqualTo(Long.MAX_VALUE);
    assertThat(WalPosition.required(List.of("9e2d@not-a-position"))).isEqualTo(Long.MAX_VALUE);
    assertThat(WalPosition.required(Arrays.asList(labelled, null))).isEqualTo(Long.MAX_VALUE);
  }
}
