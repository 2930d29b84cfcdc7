package org.healthportal.platform.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A distance's text without BigDecimal is the BigDecimal's text, at the half cents above all. */
class LocationsTest {

  @Test
  void metersTextIsTheBigDecimalsText() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 1_000_000; i++) {
      same(random.nextDouble() * 50_000);
      same(random.nextDouble());
      same(Math.exp(random.nextDouble() * 40 - 20));
      // Half cents and their neighbours, where the double's decimal text decides.
      double half = (2 * random.nextLong(10_000_000_000L) + 1) / 200.0;
      same(half);
      same(Math.nextUp(half));
      same(Math.nextDown(half));
      same(random.nextLong(100_000_000) / 100.0);
    }
    for (double edge : new double[] {0, Double.MIN_VALUE, 0.005, 0.015, 0.125, 0.995, 999_999_999.995, 1e9, 1e12, 12_345.675}) same(edge);
  }

  private static void same(double distance) {
    assertThat(Locations.metersText(distance)).as("%s", distance).isEqualTo(Locations.meters(distance).toString());
  }
}
