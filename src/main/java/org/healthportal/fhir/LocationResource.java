package org.healthportal.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Facilities, tourism sites and regions as FHIR {@code Location}s, from the API's own JSON. */
final class LocationResource {

  /** Regions are Locations too (the {@code partOf} of every listing), with ids that cannot be UUIDs. */
  static final String REGION_PREFIX = "region-";

  private LocationResource() {}

  static JsonObject facility(JsonObject f) {
    JsonObject location = listing(f, FhirCodes.FACILITY_KIND, "bu", "Building");
    location.put("address", new JsonObject().put("use", "work").put("text", f.getString("addressZh")).put("country", "CN"));
    location.put("managingOrganization", FhirCodes.reference("Organization", f.getString("id"), f.getString("nameZh")));
    return location;
  }

  static JsonObject site(JsonObject s) {
    JsonObject location = listing(s, FhirCodes.TOURISM_KIND, "si", "Site");
    if (s.getString("website") != null) {
      JsonArray telecom = location.getJsonArray("telecom", new JsonArray());
      telecom.add(new JsonObject().put("system", "url").put("value", s.getString("website")));
      location.put("telecom", telecom);
    }
    return location;
  }

  /** A region (GB/T 2260) as a jurisdiction, part of its parent region. */
  static JsonObject region(JsonObject r) {
    JsonObject location = new JsonObject()
        .put("resourceType", "Location")
        .put("id", REGION_PREFIX + r.getString("code"))
        .put("identifier", new JsonArray().add(new JsonObject().put("system", FhirCodes.REGION_CODE).put("value", r.getString("code"))))
        .put("status", "active")
        .put("mode", "instance");
    FhirCodes.names(location, r);
    location.put("physicalType", FhirCodes.concept(FhirCodes.coding(FhirCodes.PHYSICAL_TYPE, "jdn", "Jurisdiction")));
    if (r.getString("parentCode") != null) location.put("partOf", FhirCodes.reference("Location", REGION_PREFIX + r.getString("parentCode"), null));
    return location;
  }

  private static JsonObject listing(JsonObject l, String kindSystem, String physicalType, String physicalDisplay) {
    JsonObject location = new JsonObject()
        .put("resourceType", "Location")
        .put("id", l.getString("id"))
        .put("meta", FhirCodes.meta(l.getValue("version"), FhirInstants.of(l.getString("updatedAt"))))
        .put("identifier", FhirCodes.identifier(l.getString("id")))
        .put("status", "closed".equals(l.getString("status")) ? "inactive" : "active")
        .put("mode", "instance");
    FhirCodes.names(location, l);
    location.put("type", new JsonArray().add(FhirCodes.concept(FhirCodes.coding(kindSystem, l.getString("kind"), null))));
    JsonArray telecom = FhirCodes.phone(l.getString("phone"));
    if (telecom != null) location.put("telecom", telecom);
    location.put("physicalType", FhirCodes.concept(FhirCodes.coding(FhirCodes.PHYSICAL_TYPE, physicalType, physicalDisplay)));
    JsonObject point = l.getJsonObject("location");
    location.put("position", new JsonObject().put("longitude", point.getValue("lng")).put("latitude", point.getValue("lat")));
    location.put("partOf", FhirCodes.reference("Location", REGION_PREFIX + l.getString("regionCode"), null));
    // Opening hours are free text in the directory ("08:00-17:00, 周一至周五"): FHIR's place for text.
    if (l.getString("openingHours") != null) location.put("availabilityExceptions", l.getString("openingHours"));
    return location;
  }
}
