package org.healthportal.platform.search.index;

import org.healthportal.platform.search.NearQuery;

/**
 * A point on the sphere as PostgreSQL's earthdistance stores it: Cartesian coordinates in metres,
 * computed exactly as {@code ll_to_earth} does. Distances use the same formula as
 * {@code earth_distance} (the straight chord, turned into the great-circle arc), so the in-memory
 * index and the database agree on every distance, not only within a tolerance.
 */
public record SpherePoint(double x, double y, double z) {

  static final double R = NearQuery.EARTH_RADIUS_METERS;

  /** {@code ll_to_earth(lat, lng)}: {@code earth()*cos(radians(lat))*cos(radians(lng))}, and so on. */
  public static SpherePoint of(double lat, double lng) {
    double la = Math.toRadians(lat);
    double ln = Math.toRadians(lng);
    return new SpherePoint(R * Math.cos(la) * Math.cos(ln), R * Math.cos(la) * Math.sin(ln), R * Math.sin(la));
  }

  /** The squared chord to {@code other}: cheap, and orders exactly as the great-circle distance does. */
  public double chordSquaredTo(SpherePoint other) {
    double dx = x - other.x;
    double dy = y - other.y;
    double dz = z - other.z;
    return dx * dx + dy * dy + dz * dz;
  }

  /** {@code earth_distance}: {@code sec_to_gc(cube_distance(a, b))}. */
  public double distanceTo(SpherePoint other) {
    return arcOfChord(Math.sqrt(chordSquaredTo(other)));
  }

  /** {@code sec_to_gc}: the great-circle arc over a chord. */
  static double arcOfChord(double chord) {
    if (chord <= 0) return 0;
    double half = chord / (2 * R);
    return half > 1 ? Math.PI * R : 2 * R * Math.asin(half);
  }

  /**
   * A squared chord that every point within {@code radiusMeters} stays under: a cheap first filter,
   * slightly generous, so the exact arc decides at the boundary.
   */
  static double chordSquaredBound(double radiusMeters) {
    double chord = radiusMeters >= Math.PI * R ? 2 * R : 2 * R * Math.sin(radiusMeters / (2 * R));
    double generous = chord * (1 + 1e-9) + 1e-6;
    return generous * generous;
  }
}
