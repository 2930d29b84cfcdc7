package org.healthportal.familydoctor;

import io.vertx.sqlclient.Row;
import java.util.Set;
import java.util.UUID;
import org.healthportal.platform.search.index.IndexedListing;
import org.healthportal.platform.search.index.JsonTemplate;
import org.healthportal.facilities.published.FacilityReferences;
import org.healthportal.regions.published.RegionCodes;

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

  /** The team and its facility, as {@link #COLUMNS} reads them ({@code t} and {@code f}). */
  static final String FROM = "team t" + FacilityReferences.join("t.facility_id", "f");

  /** Columns {@link #of} reads, for {@code FROM} {@link #FROM}. */
  static final String COLUMNS = "t.*, " + FacilityReferences.lat("f") + ", " + FacilityReferences.lng("f") + ", "
      + RegionCodes.withParents("t.service_area") + " AS area_regions";

  static IndexedTeam of(Row r) {
    String view = TeamRepository.view(r).put("distanceMeters", JsonTemplate.sentinel(0)).encode();
    return new IndexedTeam(r.getUUID("id"), r.getDouble("lat"), r.getDouble("lng"),
        r.getUUID("facility_id"), Set.of(r.getArrayOfStrings("area_regions")), Set.of(r.getArrayOfStrings("packages")),
        r.getInteger("panel_count") < r.getInteger("panel_cap"), r.getString("name_zh"), JsonTemplate.of(view, "distanceMeters"));
  }
}
