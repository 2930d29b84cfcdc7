package org.healthportal.facilities;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.healthportal.api.model.Facility;
import org.healthportal.platform.sync.ListingSource;

/** Facilities for delta sync: the detail representation; closed ones become tombstones. */
final class FacilityListings implements ListingSource {

  private final Pool pool;
  private final UnaryOperator<Facility> withStaleFlags;

  FacilityListings(Pool pool, UnaryOperator<Facility> withStaleFlags) {
    this.pool = pool;
    this.withStaleFlags = withStaleFlags;
  }

  @Override
  public String type() {
    return "facility";
  }

  @Override
  public Future<Map<UUID, Listing>> current(List<UUID> ids) {
    return pool.preparedQuery(FacilityRows.FACILITY_SELECT + " WHERE f.id = ANY($1)").execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, Listing> found = new HashMap<>();
          for (Row r : rows) {
            Facility f = withStaleFlags.apply(FacilityRows.facility(r));
            found.put(f.getId(), new Listing(f.getVersion(), f.getStatus() == Facility.StatusEnum.CLOSED, f));
          }
          return found;
        });
  }
}
