package org.healthportal.platform.search.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.healthportal.platform.search.NearQuery;

/**
 * One immutable state of an index: every listing by id, in a list for full scans, and in a
 * {@link GeoGrid} for near-me. Queries read it on any thread without locks; a refresh builds the
 * next snapshot beside it and swaps it in.
 *
 * @param <E> the feature's indexed listing
 */
public final class IndexSnapshot<E extends IndexedListing> {

  private final Map<UUID, E> byId;
  private final List<E> all;
  private final GeoGrid<E> grid;
  /** The cache generations read just before the database was read (null when Redis did not answer). */
  final List<String> generations;
  /** The transaction horizon of the read: every change of an older transaction is in this snapshot. */
  final String horizon;
  /** When (System.nanoTime) the refresh that built this snapshot began, before it read anything. */
  final long startedNanos;

  private IndexSnapshot(Map<UUID, E> byId, List<E> all, GeoGrid<E> grid, List<String> generations, String horizon, long startedNanos) {
    this.byId = byId;
    this.all = all;
    this.grid = grid;
    this.generations = generations;
    this.horizon = horizon;
    this.startedNanos = startedNanos;
  }

  static <E extends IndexedListing> IndexSnapshot<E> of(Collection<E> listings, List<String> generations, String horizon,
      long startedNanos) {
    Map<UUID, E> byId = new HashMap<>(listings.size() * 2);
    listings.forEach(e -> byId.put(e.id(), e));
    return new IndexSnapshot<>(byId, listOf(byId), GeoGrid.of(byId.values()), generations, horizon, startedNanos);
  }

  /** The next snapshot: each changed id mapped to its new listing, or to null when it left the index. */
  IndexSnapshot<E> with(Map<UUID, E> changes, List<String> generations, String horizon, long startedNanos) {
    // Unchanged, the listings are shared: a copy of 80,000 references every idle refresh went through every young collection.
    if (changes.isEmpty()) return new IndexSnapshot<>(byId, all, grid, generations, horizon, startedNanos);
    Map<UUID, E> next = new HashMap<>(byId);
    List<E> removed = new ArrayList<>();
    List<E> added = new ArrayList<>();
    changes.forEach((id, listing) -> {
      E old = listing == null ? next.remove(id) : next.put(id, listing);
      if (old != null) removed.add(old);
      if (listing != null) added.add(listing);
    });
    return new IndexSnapshot<>(next, listOf(next), grid.with(removed, added), generations, horizon, startedNanos);
  }

  private static <E> List<E> listOf(Map<UUID, E> byId) {
    return Collections.unmodifiableList(new ArrayList<>(byId.values()));
  }

  /** The listing with this id, or null. */
  public E get(UUID id) {
    return byId.get(id);
  }

  /** Every listing, for queries without a position. */
  public List<E> all() {
    return all;
  }

  /** Every listing within {@code radiusMeters} of the point that {@code wanted} accepts, with its exact distance. */
  public List<Hit<E>> within(double lat, double lng, double radiusMeters, Predicate<? super E> wanted) {
    return grid.within(lat, lng, radiusMeters, 0, wanted);
  }

  /**
   * At least the {@code count} nearest listings within the radius with the {@code required} tags that {@code wanted} accepts, and
   * every one as near as the farthest of them: enough for a first page sorted by distance.
   */
  public List<Hit<E>> nearest(double lat, double lng, double radiusMeters, long required, Predicate<? super E> wanted, int count) {
    return grid.nearest(lat, lng, radiusMeters, required, wanted, count);
  }

  /**
   * The candidates of a near-me search (with the {@code required} tags, accepted by {@code wanted}):
   * the nearest ones for a first page by distance (a later page, or another order, needs every
   * listing in the radius).
   */
  public List<Hit<E>> near(NearQuery near, long required, Predicate<? super E> wanted, boolean firstPageByDistance, int limit) {
    return grid.nearest(near.lat(), near.lng(), near.radiusMeters(), required, wanted, firstPageByDistance ? limit + 1 : Integer.MAX_VALUE);
  }

  /**
   * A search's candidates, each ranked by {@code rank}: with a position, those {@link #near} finds;
   * without one, every listing {@code wanted} accepts.
   */
  public List<Ranked<Hit<E>>> candidates(NearQuery near, long required, Predicate<? super E> wanted, boolean firstPageByDistance,
      int limit, Function<Hit<E>, Ranked<Hit<E>>> rank) {
    List<Ranked<Hit<E>>> candidates = new ArrayList<>();
    if (near != null) {
      for (Hit<E> hit : near(near, required, wanted, firstPageByDistance, limit)) candidates.add(rank.apply(hit));
    } else {
      for (E listing : all) {
        if (wanted.test(listing)) candidates.add(rank.apply(Hit.of(listing)));
      }
    }
    return candidates;
  }

  public int size() {
    return byId.size();
  }
}
