package org.healthportal.platform.search;

import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Text;

/**
 * A near-me query: a point and a radius. Distances everywhere are great-circle distances on a sphere
 * of the mean Earth radius, the same formula as PostgreSQL's earthdistance once {@code earth()} is
 * set to that radius (see the facility schema migration).
 */
public record NearQuery(double lat, double lng, double radiusMeters) {

  public static final double EARTH_RADIUS_METERS = 6_371_008.8;
  public static final double DEFAULT_RADIUS_KM = 10;
  public static final double MAX_RADIUS_KM = 50;

  /**
   * Parses {@code lat,lng} (already shape-checked by the contract) and checks the ranges.
   *
   * @return null when {@code near} is absent
   */
  public static NearQuery parse(String near, Double radiusKm) {
    if (near == null) {
      if (radiusKm != null) throw Problem.invalidField("query", "radiusKm", Text.of("search.radius-needs-near"));
      return null;
    }
    String[] parts = near.split(",");
    double lat;
    double lng;
    try {
      lat = Double.parseDouble(parts[0]);
      lng = Double.parseDouble(parts[1]);
    } catch (RuntimeException e) {
      throw Problem.invalidField("query", "near", Text.of("search.near-format"));
    }
    if (parts.length != 2 || lat < -90 || lat > 90 || lng < -180 || lng > 180 || Double.isNaN(lat) || Double.isNaN(lng)) {
      throw Problem.invalidField("query", "near", Text.of("search.near-range"));
    }
    double km = radiusKm == null ? DEFAULT_RADIUS_KM : radiusKm;
    if (!(km > 0) || km > MAX_RADIUS_KM) {
      throw Problem.invalidField("query", "radiusKm", Text.of("search.radius-range", (int) MAX_RADIUS_KM));
    }
    return new NearQuery(lat, lng, km * 1000);
  }

  /**
   * The sort a search uses: the requested one, else by distance with {@code near} and by
   * {@code fallback} without. Sorting by distance needs {@code near}.
   */
  public static <S> S chooseSort(S requested, NearQuery near, S distance, S fallback) {
    if (requested == null) return near != null ? distance : fallback;
    if (requested == distance && near == null) throw Problem.invalidField("query", "sort", Text.of("search.distance-needs-near"));
    return requested;
  }

  /** Great-circle distance in metres (haversine), matching the SQL distance. */
  public static double distanceMeters(double lat1, double lng1, double lat2, double lng2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLng = Math.toRadians(lng2 - lng1);
    double a = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** SQL for the distance of a row's ({@code latColumn}, {@code lngColumn}) to this point. */
  public String distanceSql(SqlBuilder sql, String latColumn, String lngColumn) {
    return "earth_distance(ll_to_earth(" + sql.param(lat) + ", " + sql.param(lng) + "), ll_to_earth(" + latColumn + ", " + lngColumn + "))";
  }

  /** Adds the radius filter: an index-backed bounding box, then the exact distance. */
  public void addFilter(SqlBuilder sql, String latColumn, String lngColumn, String distanceExpression) {
    sql.where("earth_box(ll_to_earth(" + sql.param(lat) + ", " + sql.param(lng) + "), " + sql.param(radiusMeters)
        + ") @> ll_to_earth(" + latColumn + ", " + lngColumn + ")");
    sql.where(distanceExpression + " <= " + sql.param(radiusMeters));
  }
}
