package org.healthportal.familydoctor;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.healthportal.platform.sync.ListingSource;

/** Family doctor teams for delta sync, as {@code GET /v1/family-doctor/teams/{id}} shows them. */
final class TeamListings implements ListingSource {

  private final Pool pool;

  TeamListings(Pool pool) {
    this.pool = pool;
  }

  @Override
  public String type() {
    return "team";
  }

  @Override
  public Future<Map<UUID, Listing>> current(List<UUID> ids) {
    return pool.preparedQuery("SELECT * FROM team WHERE id = ANY($1)").execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, Listing> found = new HashMap<>();
      for (Row r : rows) {
        JsonObject team = TeamRepository.view(r);
        found.put(r.getUUID("id"), new Listing(team.getInteger("version"), false, team));
      }
      return found;
    });
  }
}
