package org.healthportal.platform.sync;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * A {@link ListingSource} read with one query: the feature gives the statement that selects its
 * listings by id (the ids as {@code $1}, a {@code uuid[]}; each row with its {@code id} column) and
 * how a row becomes a {@link ListingSource.Listing}. Ids that match no row are absent.
 */
public final class RowListings implements ListingSource {

  private final Pool pool;
  private final String type;
  private final String selectByIds;
  private final Function<Row, Listing> listing;

  /**
   * @param selectByIds for example {@code SELECT * FROM team WHERE id = ANY($1)}
   */
  public RowListings(Pool pool, String type, String selectByIds, Function<Row, Listing> listing) {
    this.pool = pool;
    this.type = type;
    this.selectByIds = selectByIds;
    this.listing = listing;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public Future<Map<UUID, Listing>> current(List<UUID> ids) {
    return pool.preparedQuery(selectByIds).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, Listing> found = new HashMap<>();
      for (Row r : rows) {
        found.put(r.getUUID("id"), listing.apply(r));
      }
      return found;
    });
  }
}
