package org.healthportal.sync;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.healthportal.api.model.Change;
import org.healthportal.api.model.ChangePage;
import org.healthportal.platform.sync.ListingSource;

/**
 * Reads the change log (migration V10) in safe batches and turns it into the current state of each
 * changed listing, or a tombstone.
 */
final class ChangeFeed {

  /**
   * Drops rows superseded by a later finished row of the same listing: no cursor ever needs them.
   * Every instance runs it; one at a time does the work (a transaction-scoped advisory lock, which the
   * others skip), so instances never contend for the same rows.
   */
  static final String COMPACT = "DELETE FROM change_log c WHERE (SELECT pg_try_advisory_xact_lock(hashtext('change_log.compaction')))"
      + " AND c.xid < pg_snapshot_xmin(pg_current_snapshot())"
      + " AND EXISTS (SELECT 1 FROM change_log n WHERE n.entity_type = c.entity_type AND n.entity_id = c.entity_id"
      + " AND n.seq > c.seq AND n.xid < pg_snapshot_xmin(pg_current_snapshot()))";

  private final Pool pool;
  private final Map<String, ListingSource> sources = new LinkedHashMap<>();
  private final Clock clock;

  ChangeFeed(Pool pool, List<ListingSource> sources, Clock clock) {
    this.pool = pool;
    sources.forEach(s -> this.sources.put(s.type(), s));
    this.clock = clock;
  }

  /** One page after {@code cursor}, at most {@code limit} listings, with the cursor to continue from. */
  Future<ChangePage> page(ChangeCursor cursor, List<String> types, int limit) {
    Future<String> to = cursor.to() != null
        ? Future.succeededFuture(cursor.to())
        : pool.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon").execute()
            .map(rows -> rows.iterator().next().getString("horizon"));
    return to.compose(horizon -> pool.preparedQuery("SELECT seq, entity_type, entity_id FROM change_log"
                + " WHERE xid >= $1::text::xid8 AND xid < $2::text::xid8 AND seq > $3 AND entity_type = ANY($4)"
                + " ORDER BY seq LIMIT $5")
            .execute(Tuple.of(cursor.from(), horizon, cursor.afterSeq(), types.toArray(String[]::new), limit + 1))
            .compose(rows -> {
              List<Row> all = new ArrayList<>();
              rows.forEach(all::add);
              boolean more = all.size() > limit;
              List<Row> page = more ? all.subList(0, limit) : all;
              ChangeCursor next = more
                  ? new ChangeCursor(cursor.from(), horizon, page.get(page.size() - 1).getLong("seq"), cursor.types(), now())
                  : new ChangeCursor(horizon, null, 0, cursor.types(), now());
              return listings(page).map(items -> new ChangePage().items(items).nextCursor(next.encode()).hasMore(more));
            }));
  }

  Future<Integer> compact() {
    return pool.query(COMPACT).execute().map(rows -> rows.rowCount());
  }

  /** The current state of each listing in the page, once, at the position of its last change. */
  private Future<List<Change>> listings(List<Row> page) {
    Map<String, Row> lastByListing = new LinkedHashMap<>();
    for (Row r : page) {
      String key = r.getString("entity_type") + "/" + r.getUUID("entity_id");
      lastByListing.remove(key);
      lastByListing.put(key, r);
    }
    Map<String, List<UUID>> idsByType = new LinkedHashMap<>();
    lastByListing.values().forEach(r -> idsByType.computeIfAbsent(r.getString("entity_type"), t -> new ArrayList<>()).add(r.getUUID("entity_id")));
    List<Future<Map<UUID, ListingSource.Listing>>> lookups = new ArrayList<>();
    List<String> order = new ArrayList<>(idsByType.keySet());
    order.forEach(type -> lookups.add(sources.get(type).current(idsByType.get(type))));
    return Future.all(lookups).map(done -> {
      Map<String, Map<UUID, ListingSource.Listing>> current = new LinkedHashMap<>();
      for (int i = 0; i < order.size(); i++) current.put(order.get(i), done.resultAt(i));
      List<Change> items = new ArrayList<>();
      lastByListing.values().stream().sorted(java.util.Comparator.comparingLong(r -> r.getLong("seq"))).forEach(r -> {
        String type = r.getString("entity_type");
        UUID id = r.getUUID("entity_id");
        ListingSource.Listing listing = current.get(type).get(id);
        Change change = new Change().seq(r.getLong("seq")).type(Change.TypeEnum.fromValue(type)).id(id);
        if (listing == null || listing.removed()) {
          change.action(Change.ActionEnum.DELETE).version(listing == null ? null : listing.version());
        } else {
          change.action(Change.ActionEnum.UPSERT).version(listing.version()).data(listing.data());
        }
        items.add(change);
      });
      return items;
    });
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
