package org.healthportal.familydoctor;

import io.vertx.sqlclient.Row;
import java.util.Set;
import java.util.UUID;
import org.healthportal.platform.search.index.IndexedListing;
import org.healthportal.platform.search.index.JsonTemplate;

/**
 * A family doctor team as the search index holds it: placed at its facility, with the regions its
 * service area matches, and its JSON view with a slot for the distance.
 *
 * @param areaRegions the service area's codes and their parents (a team search by region matches either)
 */
record IndexedTeam(
    UUID id,
    double lat,
    double lng,
    UUID facilityId,
    Set<String> areaRegions,
    Set<String> packages,
    boolean hasCapacity,
    String nameZh,
    JsonTemplate view) implements IndexedListing {

  /** Columns {@link #of} reads, for {@code FROM team t JOIN facility f ON f.id = t.facility_id}. */
  static final String COLUMNS = "t.*, f.lat, f.lng, ARRAY(SELECT DISTINCT x FROM unnest(t.service_area) a JOIN region r ON r.code = a,"
      + " unnest(ARRAY[r.code, r.parent_code]) x WHERE x IS NOT NULL) AS area_regions";

  static IndexedTeam of(Row r) {
    String view = TeamRepository.view(r).put("distanceMeters", JsonTemplate.sentinel(0)).encode();
    return new IndexedTeam(r.getUUID("id"), r.getDouble("lat"), r.getDouble("lng"),
        r.getUUID("facility_id"), Set.of(r.getArrayOfStrings("area_regions")), Set.of(r.getArrayOfStrings("packages")),
        r.getInteger("panel_count") < r.getInteger("panel_cap"), r.getString("name_zh"), JsonTemplate.of(view, "distanceMeters"));
  }
}
