package org.healthportal.platform.search.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.healthportal.platform.search.NearQuery;

/**
 * Listings bucketed by cells of {@value #CELL_DEGREES} degrees of latitude and longitude. A near-me
 * query visits only the cells that the circle's bounding box touches, then measures each listing
 * in them exactly. A cell keeps its listings' coordinates in arrays of its own, so the scan reads
 * memory in order and touches a listing only when it is inside the circle. Immutable: {@link #with}
 * copies the cell map and only the cells that change.
 */
final class GeoGrid<E extends IndexedListing> {

  static final double CELL_DEGREES = 0.02;
  private static final int LAT_CELLS = (int) Math.round(180 / CELL_DEGREES);
  private static final int LNG_CELLS = (int) Math.round(360 / CELL_DEGREES);

  /** One cell: listing {@code i} is at ({@code x[i]}, {@code y[i]}, {@code z[i]}). */
  private record Cell(double[] x, double[] y, double[] z, long[] tags, Object[] listings, double cx, double cy, double cz, double radius) {

    static Cell of(List<?> listings) {
      int n = listings.size();
      double[] x = new double[n];
      double[] y = new double[n];
      double[] z = new double[n];
      long[] tags = new long[n];
      double sx = 0;
      double sy = 0;
      double sz = 0;
      for (int i = 0; i < n; i++) {
        IndexedListing listing = (IndexedListing) listings.get(i);
        SpherePoint p = listing.point();
        tags[i] = listing.tags();
        x[i] = p.x();
        y[i] = p.y();
        z[i] = p.z();
        sx += x[i];
        sy += y[i];
        sz += z[i];
      }
      double cx = sx / n;
      double cy = sy / n;
      double cz = sz / n;
      double radius = 0;
      for (int i = 0; i < n; i++) {
        radius = Math.max(radius, Math.sqrt((x[i] - cx) * (x[i] - cx) + (y[i] - cy) * (y[i] - cy) + (z[i] - cz) * (z[i] - cz)));
      }
      // A metre of margin covers the rounding of the sums; a lower bound only has to be low enough.
      return new Cell(x, y, z, tags, listings.toArray(), cx, cy, cz, radius + 1);
    }

    /**
     * No listing of the cell is nearer (in chord) to the point than this: the chord to the cell's
     * centroid less the cell's radius around it (the triangle inequality holds for chords).
     */
    double chordLowerBound(double px, double py, double pz) {
      double dx = px - cx;
      double dy = py - cy;
      double dz = pz - cz;
      return Math.max(0, Math.sqrt(dx * dx + dy * dy + dz * dz) - radius);
    }

    List<Object> asList() {
      return new ArrayList<>(Arrays.asList(listings));
    }
  }

  private final Map<Long, Cell> cells;
  /** The same cells by key, sorted: a query looks up each latitude row's span without boxing a key per cell. */
  private final long[] keys;
  private final Cell[] byKey;

  private GeoGrid(Map<Long, Cell> cells) {
    this.cells = cells;
    this.keys = cells.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    this.byKey = new Cell[keys.length];
    for (int i = 0; i < keys.length; i++) byKey[i] = cells.get(keys[i]);
  }

  static <E extends IndexedListing> GeoGrid<E> of(Collection<E> listings) {
    Map<Long, List<E>> building = new HashMap<>();
    for (E e : listings) building.computeIfAbsent(key(e), k -> new ArrayList<>()).add(e);
    Map<Long, Cell> cells = new HashMap<>(building.size() * 2);
    building.forEach((k, v) -> cells.put(k, Cell.of(v)));
    return new GeoGrid<>(cells);
  }

  /** A grid without {@code removed} and with {@code added} (a changed listing is in both). */
  GeoGrid<E> with(Collection<E> removed, Collection<E> added) {
    Map<Long, List<Object>> changed = new HashMap<>();
    for (E e : removed) {
      changed.computeIfAbsent(key(e), k -> cells.containsKey(k) ? cells.get(k).asList() : new ArrayList<>()).removeIf(x -> x == e);
    }
    for (E e : added) {
      changed.computeIfAbsent(key(e), k -> cells.containsKey(k) ? cells.get(k).asList() : new ArrayList<>()).add(e);
    }
    Map<Long, Cell> next = new HashMap<>(cells);
    changed.forEach((k, list) -> {
      if (list.isEmpty()) next.remove(k);
      else next.put(k, Cell.of(list));
    });
    return new GeoGrid<>(next);
  }

  /**
   * Every listing within {@code radiusMeters} of the point that has all the {@code required} tags
   * and that {@code wanted} accepts, with its distance, in no particular order.
   */
  List<Hit<E>> within(double lat, double lng, double radiusMeters, long required, Predicate<? super E> wanted) {
    return nearest(lat, lng, radiusMeters, required, wanted, Integer.MAX_VALUE);
  }

  /**
   * At least the {@code count} nearest listings within the radius that {@code wanted} accepts, and
   * every listing as near as the farthest of them (so ties are complete), in no particular order.
   * Cells are visited nearest first, and the visit stops once no cell left can hold a nearer one:
   * a first page of near-me reads a few cells, not every cell of the circle.
   */
  @SuppressWarnings("unchecked")
  List<Hit<E>> nearest(double lat, double lng, double radiusMeters, long required, Predicate<? super E> wanted, int count) {
    SpherePoint centre = SpherePoint.of(lat, lng);
    double cx = centre.x();
    double cy = centre.y();
    double cz = centre.z();
    double outer = SpherePoint.chordSquaredBound(radiusMeters);
    // Inside this, a listing is within the radius without computing its arc.
    double inner = outer * (1 - 1e-8);
    boolean all = count == Integer.MAX_VALUE;
    // A first page's hits are about its count (ties and farther ones found early add a few).
    List<Hit<E>> hits = new ArrayList<>(all ? 16 : (int) Math.min(2L * count, 4096));
    NearestChords nearest = all ? null : new NearestChords(count);
    List<Cell> visit = cellsAround(lat, lng, radiusMeters);
    // Cells nearest first, by a lower bound rounded down to a float, packed with the cell's index.
    long[] order = new long[visit.size()];
    for (int c = 0; c < order.length; c++) {
      float bound = all ? 0 : Math.nextDown((float) visit.get(c).chordLowerBound(cx, cy, cz));
      order[c] = ((long) Float.floatToRawIntBits(Math.max(0, bound)) << 32) | c;
    }
    if (!all) Arrays.sort(order);
    for (long packed : order) {
      double bound = Float.intBitsToFloat((int) (packed >>> 32));
      if (!all && nearest.full() && nearest.farthest() < bound * bound) break;
      Cell cell = visit.get((int) packed);
      double[] xs = cell.x;
      double[] ys = cell.y;
      double[] zs = cell.z;
      long[] tags = cell.tags;
      for (int i = 0; i < xs.length; i++) {
        if ((tags[i] & required) != required) continue;
        double dx = cx - xs[i];
        double dy = cy - ys[i];
        double dz = cz - zs[i];
        double chordSquared = dx * dx + dy * dy + dz * dz;
        if (chordSquared > outer) continue;
        // Farther than the farthest of the nearest so far: never in the answer, nor tied with its last (in dense cells most are).
        if (!all && nearest.full() && chordSquared > nearest.farthest()) continue;
        E e = (E) cell.listings[i];
        if (!wanted.test(e)) continue;
        ArcDistance distance = new ArcDistance(chordSquared);
        if (chordSquared > inner && distance.meters() > radiusMeters) continue;
        hits.add(new Hit<>(e, distance));
        if (!all) nearest.add(chordSquared);
      }
    }
    return hits;
  }

  /** The {@code count} smallest squared chords seen so far, in a max-heap of primitives. */
  private static final class NearestChords {
    private final double[] heap;
    private int size;

    NearestChords(int count) {
      heap = new double[count];
    }

    boolean full() {
      return size == heap.length;
    }

    double farthest() {
      return heap[0];
    }

    void add(double chordSquared) {
      if (size < heap.length) {
        int i = size++;
        heap[i] = chordSquared;
        while (i > 0 && heap[(i - 1) / 2] < heap[i]) {
          swap(i, (i - 1) / 2);
          i = (i - 1) / 2;
        }
      } else if (chordSquared < heap[0]) {
        heap[0] = chordSquared;
        int i = 0;
        while (true) {
          int largest = i;
          for (int child = 2 * i + 1; child <= 2 * i + 2 && child < size; child++) {
            if (heap[child] > heap[largest]) largest = child;
          }
          if (largest == i) return;
          swap(i, largest);
          i = largest;
        }
      }
    }

    private void swap(int a, int b) {
      double t = heap[a];
      heap[a] = heap[b];
      heap[b] = t;
    }
  }

  /**
   * The cells the circle can touch: its latitude band, and the longitudes of the spherical cap's
   * exact extent at that band ({@code asin(sin(d) / cos(lat))}); all cells near a pole or for a
   * circle wider than half the globe.
   */
  private List<Cell> cellsAround(double lat, double lng, double radiusMeters) {
    double angular = radiusMeters / NearQuery.EARTH_RADIUS_METERS;
    double marginDegrees = 1e-6;
    double latLo = lat - Math.toDegrees(angular) - marginDegrees;
    double latHi = lat + Math.toDegrees(angular) + marginDegrees;
    double ratio = Math.sin(angular) / Math.cos(Math.toRadians(lat));
    if (latLo <= -90 || latHi >= 90 || angular >= Math.PI / 2 || ratio >= 1) return Arrays.asList(byKey);
    double lngSpan = Math.toDegrees(Math.asin(ratio)) + marginDegrees;
    int lngFrom = lngCell(lng - lngSpan);
    int lngTo = lngCell(lng + lngSpan);
    long spanned = (long) (latCell(latHi) - latCell(latLo) + 1) * (lngTo - lngFrom + 1);
    if (spanned > cells.size()) return Arrays.asList(byKey);
    // Sized for every cell of the span, so the list never grows (a copy per search otherwise).
    List<Cell> found = new ArrayList<>((int) spanned);
    for (int la = latCell(latLo); la <= latCell(latHi); la++) {
      // A span across the antimeridian is two spans of the row.
      if (lngFrom < 0) {
        addRow(found, la, lngFrom + LNG_CELLS, LNG_CELLS - 1);
        addRow(found, la, 0, lngTo);
      } else if (lngTo >= LNG_CELLS) {
        addRow(found, la, lngFrom, LNG_CELLS - 1);
        addRow(found, la, 0, lngTo - LNG_CELLS);
      } else {
        addRow(found, la, lngFrom, lngTo);
      }
    }
    return found;
  }

  /** The cells of latitude row {@code latCell} from longitude cell {@code from} to {@code to}, both within the row. */
  private void addRow(List<Cell> found, int latCell, int from, int to) {
    long last = key(latCell, to);
    int i = Arrays.binarySearch(keys, key(latCell, from));
    for (i = i < 0 ? -i - 1 : i; i < keys.length && keys[i] <= last; i++) found.add(byKey[i]);
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
