package org.healthportal.tourism;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.healthportal.api.model.TourismSite;
import org.healthportal.platform.sync.ListingSource;

/**
 * Tourism sites for delta sync: the site without {@code nearestCare}, which is derived from the
 * facilities a client syncs as well; closed sites become tombstones.
 */
final class SiteListings implements ListingSource {

  private final Pool pool;

  SiteListings(Pool pool) {
    this.pool = pool;
  }

  @Override
  public String type() {
    return "tourism-site";
  }

  @Override
  public Future<Map<UUID, Listing>> current(List<UUID> ids) {
    return pool.preparedQuery("SELECT s.*, NULL::float8 AS distance FROM tourism_site s WHERE s.id = ANY($1)")
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, Listing> found = new HashMap<>();
          for (Row r : rows) {
            TourismSite s = SiteRows.site(r);
            found.put(s.getId(), new Listing(s.getVersion(), s.getStatus() == TourismSite.StatusEnum.CLOSED, s));
          }
          return found;
        });
  }
}
