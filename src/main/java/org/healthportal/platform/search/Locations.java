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
}
