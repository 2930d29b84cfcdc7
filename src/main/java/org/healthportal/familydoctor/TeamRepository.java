package org.healthportal.familydoctor;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.healthportal.platform.search.Keyset;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.platform.search.PageCursor;
import org.healthportal.platform.search.Pages;
import org.healthportal.platform.search.SqlBuilder;
import org.healthportal.facilities.published.FacilityReferences;
import org.healthportal.regions.published.RegionCodes;

/** SQL of family doctor teams. */
final class TeamRepository {

  record TeamFilter(String region, UUID facility, String packageCode, Boolean hasCapacity, NearQuery near, int limit, PageCursor after,
      String fingerprint) {

    /** Nearest first with {@code near}, otherwise by name. */
    PageCursor.ValueType sortType() {
      return near == null ? PageCursor.ValueType.TEXT : PageCursor.ValueType.FLOAT;
    }
  }

  private final Pool pool;

  TeamRepository(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> list(TeamFilter filter) {
    SqlBuilder b = new SqlBuilder();
    if (filter.region() != null) {
      String code = b.param(filter.region());
      b.where("EXISTS (SELECT 1 FROM unnest(t.service_area) a WHERE " + RegionCodes.atOrDirectlyUnder("a", code) + ")");
    }
    if (filter.facility() != null) b.where("t.facility_id = " + b.param(filter.facility()));
    if (filter.packageCode() != null) b.where(b.param(filter.packageCode()) + " = ANY(t.packages)");
    if (filter.hasCapacity() != null) b.where(filter.hasCapacity() ? "t.panel_count < t.panel_cap" : "t.panel_count >= t.panel_cap");
    String distance = "NULL::float8";
    if (filter.near() != null) {
      distance = filter.near().distanceSql(b, FacilityReferences.lat("f"), FacilityReferences.lng("f"));
      filter.near().addFilter(b, FacilityReferences.lat("f"), FacilityReferences.lng("f"), distance);
    }
    Keyset keyset = new Keyset(filter.near() == null ? "(t.name_zh COLLATE \"C\")" : distance, false, "t.id");
    String sql = keyset.pageQuery(b, filter.after(), filter.sortType(), "t.*, " + distance + " AS distance",
        "team t" + FacilityReferences.join("t.facility_id", "f"), filter.limit());
    return pool.preparedQuery(sql).execute(b.tuple()).map(rows -> {
      Pages.Page<JsonObject> page = Pages.collect(rows, filter.limit(), filter.fingerprint(), r -> {
        JsonObject team = view(r);
        if (filter.near() != null) team.put("distanceMeters", roundedDistance(r.getDouble("distance")));
        return team;
      });
      JsonObject result = new JsonObject().put("items", new JsonArray(page.items()));
      return page.nextCursor() == null ? result : result.put("nextCursor", page.nextCursor());
    });
  }

  /** A team's distance as its JSON shows it: metres, to the centimetre. */
  static double roundedDistance(double meters) {
    return Math.round(meters * 100) / 100.0;
  }

  Future<Optional<JsonObject>> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT * FROM team WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next())));
  }

  Future<Optional<JsonObject>> find(UUID id) {
    return find(pool, id);
  }

  static JsonObject view(Row r) {
    int cap = r.getInteger("panel_cap");
    int size = r.getInteger("panel_count");
    // No English name is left out rather than null, as in the delta-sync copy of a team: one team, one representation.
    JsonObject team = new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("facilityId", r.getUUID("facility_id").toString())
        .put("nameZh", r.getString("name_zh"));
    if (r.getString("name_en") != null) team.put("nameEn", r.getString("name_en"));
    return team
        .put("serviceArea", new JsonArray(Arrays.asList(r.getArrayOfStrings("service_area"))))
        .put("acceptsOutOfArea", r.getBoolean("accepts_out_of_area"))
        .put("panelCap", cap)
        .put("panelSize", size)
        .put("remainingCapacity", Math.max(0, cap - size))
        .put("packages", new JsonArray(Arrays.asList(r.getArrayOfStrings("packages"))))
        .put("members", r.getJsonArray("members"))
        .put("version", r.getInteger("version"));
  }
}
