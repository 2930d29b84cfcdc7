package org.healthportal.platform.search;

import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.healthportal.api.model.Location;

/** Points and distances as the contract shows them. */
public final class Locations {

  private Locations() {}

  /** The {@code lat} and {@code lng} columns of a row. */
  public static Location fromRow(Row r) {
    return new Location().lat(BigDecimal.valueOf(r.getDouble("lat"))).lng(BigDecimal.valueOf(r.getDouble("lng")));
  }

  /** The {@code distance} column of a search row, in metres to the centimetre; null when not searched near a point. */
  public static BigDecimal distanceFromRow(Row r) {
    Double distance = r.getDouble("distance");
    return distance == null ? null : meters(distance);
  }

  /** A distance in metres, to the centimetre. */
  public static BigDecimal meters(double distance) {
    return BigDecimal.valueOf(distance).setScale(2, RoundingMode.HALF_EVEN);
  }

  /**
   * {@code meters(distance).toString()}, without a BigDecimal and the double's decimal text in the
   * usual case: an index page writes one per result. That text is within a few millionths of a cent
   * of {@code distance * 100} here, so unless the cents end within a ten-thousandth of a half, both
   * round the same way; near a half (or beyond a billion metres) the decimal text decides.
   */
  public static String metersText(double distance) {
    double cents = distance * 100;
    double whole = Math.floor(cents);
    double fraction = cents - whole;
    if (distance < 0 || distance >= 1e9 || Math.abs(fraction - 0.5) <= 1e-4) return meters(distance).toString();
    long rounded = (long) whole + (fraction > 0.5 ? 1 : 0);
    long part = rounded % 100;
    return (rounded / 100) + (part < 10 ? ".0" : ".") + part;
  }
}
