package org.healthportal.facilities.published;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * What a bed watch needs to know of a facility: whether it is open and accepts a care level, and
 * what a search watch filters on (kind, place, insurance, the level's lowest price). Read in the
 * caller's transaction, so a watch is matched against what committed with the bed report.
 */
public final class WatchedFacilities {

  /**
   * A facility for one care level. {@code accepts}: the level is one of the facility's;
   * {@code minMonthlyPrice}: the level's lowest monthly price, null when not given.
   */
  public record Facility(UUID id, String nameZh, String nameEn, String kind, double lat, double lng, boolean medicalInsurance,
      boolean ltcInsurance, boolean accepts, Integer minMonthlyPrice) {}

  private WatchedFacilities() {}

  /** The active facility of this id, for this level; empty when it does not exist or is closed. */
  public static Future<Optional<Facility>> active(SqlClient client, UUID id, String careLevel) {
    return client.preparedQuery("SELECT f.id, f.name_zh, f.name_en, f.kind, f.lat, f.lng, f.medical_insurance, f.ltc_insurance,"
            + " c.care_level IS NOT NULL AS accepts, c.price_min"
            + " FROM facility f LEFT JOIN facility_care c ON c.facility_id = f.id AND c.care_level = $2"
            + " WHERE f.id = $1 AND f.status = 'active'")
        .execute(Tuple.of(id, careLevel))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(facility(rows.iterator().next())));
  }

  private static Facility facility(Row r) {
    return new Facility(r.getUUID("id"), r.getString("name_zh"), r.getString("name_en"), r.getString("kind"), r.getDouble("lat"),
        r.getDouble("lng"), r.getBoolean("medical_insurance"), r.getBoolean("ltc_insurance"), r.getBoolean("accepts"),
        r.getInteger("price_min"));
  }
}
