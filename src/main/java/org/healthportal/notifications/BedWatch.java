package org.healthportal.notifications;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.healthportal.facilities.published.WatchedFacilities;
import org.healthportal.platform.search.NearQuery;

/**
 * A resident's wish to be told once when a bed of {@code careLevel} frees up: at one facility
 * ({@code facilityId}) or at any facility {@code search} finds. Exactly one of the two is set.
 */
record BedWatch(UUID id, String ownerSubject, String careLevel, UUID facilityId, Search search, OffsetDateTime createdAt,
    OffsetDateTime expiresAt) {

  /** A near-me search: a point, a radius and the facility search's filters that make sense for beds (empty or null: any). */
  record Search(double lat, double lng, double radiusKm, List<String> kinds, Integer maxMonthlyPrice, boolean medicalInsurance,
      boolean ltcInsurance) {

    /**
     * Whether the search finds this facility for the watched level: as the facility search would,
     * the same great-circle distance and the level's lowest price.
     */
    boolean finds(WatchedFacilities.Facility f) {
      return f.accepts()
          && NearQuery.distanceMeters(lat, lng, f.lat(), f.lng()) <= radiusKm * 1000
          && (kinds.isEmpty() || kinds.contains(f.kind()))
          && (maxMonthlyPrice == null || (f.minMonthlyPrice() != null && f.minMonthlyPrice() <= maxMonthlyPrice))
          && (!medicalInsurance || f.medicalInsurance())
          && (!ltcInsurance || f.ltcInsurance());
    }

    JsonObject json() {
      return new JsonObject().put("near", lat + "," + lng).put("radiusKm", radiusKm).put("kinds", new JsonArray(kinds))
          .put("maxMonthlyPrice", maxMonthlyPrice).put("medicalInsurance", medicalInsurance).put("ltcInsurance", ltcInsurance);
    }
  }

  /** As the contract shows it. */
  JsonObject json() {
    return new JsonObject()
        .put("id", id.toString())
        .put("careLevel", careLevel)
        .put("facilityId", facilityId == null ? null : facilityId.toString())
        .put("search", search == null ? null : search.json())
        .put("createdAt", createdAt.withOffsetSameInstant(ZoneOffset.UTC).toString())
        .put("expiresAt", expiresAt.withOffsetSameInstant(ZoneOffset.UTC).toString());
  }
}
