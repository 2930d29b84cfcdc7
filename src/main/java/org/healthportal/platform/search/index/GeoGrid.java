package org.healthportal.platform.search.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.healthportal.platform.search.NearQuery;

/**
 * Listings bucketed by cells of {@value #CELL_DEGREES} degrees of latitude and longitude. A near-me
 * query visits only the cells that the circle's bounding box touches, then measures each listing
 * in them exactly. Immutable: {@link #with} copies the cell map and only the cells that change.
 */
final class GeoGrid<E extends IndexedListing> {

  static final double CELL_DEGREES = 0.1;
  private static final int LAT_CELLS = 1800;
  private static final int LNG_CELLS = 3600;
  private static final Object[] EMPTY = new Object[0];

  private final Map<Long, Object[]> cells;

  private GeoGrid(Map<Long, Object[]> cells) {
    this.cells = cells;
  }

  static <E extends IndexedListing> GeoGrid<E> of(Collection<E> listings) {
    Map<Long, List<E>> building = new HashMap<>();
    for (E e : listings) building.computeIfAbsent(key(e), k -> new ArrayList<>()).add(e);
    Map<Long, Object[]> cells = new HashMap<>(building.size() * 2);
    building.forEach((k, v) -> cells.put(k, v.toArray()));
    return new GeoGrid<>(cells);
  }

  /** A grid without {@code removed} and with {@code added} (a changed listing is in both). */
  GeoGrid<E> with(Collection<E> removed, Collection<E> added) {
    Map<Long, Object[]> next = new HashMap<>(cells);
    for (E e : removed) {
      Object[] cell = next.getOrDefault(key(e), EMPTY);
      Object[] kept = Arrays.stream(cell).filter(x -> x != e).toArray();
      if (kept.length == 0) next.remove(key(e));
      else next.put(key(e), kept);
    }
    for (E e : added) {
      Object[] cell = next.getOrDefault(key(e), EMPTY);
      Object[] grown = Arrays.copyOf(cell, cell.length + 1);
      grown[cell.length] = e;
      next.put(key(e), grown);
    }
    return new GeoGrid<>(next);
  }

  /** Every listing within {@code radiusMeters} of the point, with its distance, in no particular order. */
  @SuppressWarnings("unchecked")
  List<Hit<E>> within(double lat, double lng, double radiusMeters) {
    SpherePoint centre = SpherePoint.of(lat, lng);
    double bound = SpherePoint.chordSquaredBound(radiusMeters);
    List<Hit<E>> hits = new ArrayList<>();
    for (Object[] cell : cellsAround(lat, lng, radiusMeters)) {
      for (Object o : cell) {
        E e = (E) o;
        double chordSquared = centre.chordSquaredTo(e.point());
        if (chordSquared > bound) continue;
        double distance = SpherePoint.arcOfChord(Math.sqrt(chordSquared));
        if (distance <= radiusMeters) hits.add(new Hit<>(e, distance));
      }
    }
    return hits;
  }

  /**
   * The cells the circle can touch: its latitude band, and the longitudes of the spherical cap's
   * exact extent at that band ({@code asin(sin(d) / cos(lat))}); all cells near a pole or for a
   * circle wider than half the globe.
   */
  private Collection<Object[]> cellsAround(double lat, double lng, double radiusMeters) {
    double angular = radiusMeters / NearQuery.EARTH_RADIUS_METERS;
    double marginDegrees = 1e-6;
    double latLo = lat - Math.toDegrees(angular) - marginDegrees;
    double latHi = lat + Math.toDegrees(angular) + marginDegrees;
    double ratio = Math.sin(angular) / Math.cos(Math.toRadians(lat));
    if (latLo <= -90 || latHi >= 90 || angular >= Math.PI / 2 || ratio >= 1) return cells.values();
    double lngSpan = Math.toDegrees(Math.asin(ratio)) + marginDegrees;
    int lngFrom = lngCell(lng - lngSpan);
    int lngTo = lngCell(lng + lngSpan);
    List<Object[]> found = new ArrayList<>();
    for (int la = latCell(latLo); la <= latCell(latHi); la++) {
      for (int ln = lngFrom; ln <= lngTo; ln++) {
        Object[] cell = cells.get(key(la, Math.floorMod(ln, LNG_CELLS)));
        if (cell != null) found.add(cell);
      }
    }
    return found;
  }

  private static long key(IndexedListing e) {
    return key(latCell(e.lat()), Math.floorMod(lngCell(e.lng()), LNG_CELLS));
  }

  private static long key(int latCell, int lngCell) {
    return (long) latCell * LNG_CELLS + lngCell;
  }

  private static int latCell(double lat) {
    return Math.min(LAT_CELLS - 1, Math.max(0, (int) Math.floor((lat + 90) / CELL_DEGREES)));
  }

  /** Unwrapped: may fall outside 0..3599 near the antimeridian; callers wrap it. */
  private static int lngCell(double lng) {
    return (int) Math.floor((lng + 180) / CELL_DEGREES);
  }
}
