package org.healthportal.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What facilities and family-doctor teams offer, as FHIR {@code HealthcareService}s. A service has
 * the id of the organization that provides it (one service each), so {@code organization=X} and
 * {@code _id=X} find the same one.
 */
final class HealthcareServiceResource {

  private HealthcareServiceResource() {}

  /**
   * Care levels are characteristics, services are types, and beds (which FHIR has no element for)
   * are the {@link FhirCodes#BEDS_EXTENSION} extension: one per care level, with {@code careLevel},
   * {@code total}, {@code free}, {@code nursing}, {@code reportedAt} and {@code stale}.
   */
  static JsonObject facility(JsonObject f) {
    String id = f.getString("id");
    JsonObject service = new JsonObject()
        .put("resourceType", "HealthcareService")
        .put("id", id)
        .put("meta", FhirCodes.meta(f.getValue("version"), FhirInstants.of(f.getString("updatedAt"))));
    JsonArray beds = new JsonArray();
    f.getJsonArray("beds", new JsonArray()).forEach(b -> beds.add(beds((JsonObject) b)));
    if (!beds.isEmpty()) service.put("extension", beds);
    service.put("identifier", FhirCodes.identifier(id))
        .put("active", !"closed".equals(f.getString("status")))
        .put("providedBy", FhirCodes.reference("Organization", id, f.getString("nameZh")))
        .put("category", new JsonArray().add(FhirCodes.concept(FhirCodes.coding(FhirCodes.FACILITY_KIND, f.getString("kind"), null))));
    JsonArray types = codes(FhirCodes.SERVICE, f.getJsonArray("services", new JsonArray()));
    if (!types.isEmpty()) service.put("type", types);
    service.put("location", new JsonArray().add(FhirCodes.reference("Location", id, f.getString("nameZh"))));
    FhirCodes.names(service, f);
    service.remove("alias"); // HealthcareService has no alias; the English name goes in the comment
    if (f.getString("nameEn") != null) service.put("comment", f.getString("nameEn"));
    JsonArray telecom = FhirCodes.phone(f.getString("phone"));
    if (telecom != null) service.put("telecom", telecom);
    JsonArray levels = codes(FhirCodes.CARE_LEVEL, f.getJsonArray("careLevels", new JsonArray()));
    if (!levels.isEmpty()) service.put("characteristic", levels);
    if (f.getString("openingHours") != null) service.put("availabilityExceptions", f.getString("openingHours"));
    return service;
  }

  /** A team's family-doctor service: where it is given, and the regions it serves. */
  static JsonObject team(JsonObject t) {
    String id = t.getString("id");
    JsonObject service = new JsonObject()
        .put("resourceType", "HealthcareService")
        .put("id", id)
        .put("meta", FhirCodes.meta(t.getValue("version"), null))
        .put("identifier", FhirCodes.identifier(id))
        .put("active", true)
        .put("providedBy", FhirCodes.reference("Organization", id, t.getString("nameZh")))
        .put("category", new JsonArray().add(FhirCodes.concept(FhirCodes.coding(FhirCodes.SERVICE_KIND, FhirCodes.FAMILY_DOCTOR, "Family doctor"))));
    JsonArray packages = codes(FhirCodes.SERVICE, t.getJsonArray("packages", new JsonArray()));
    if (!packages.isEmpty()) service.put("type", packages);
    service.put("location", new JsonArray().add(FhirCodes.reference("Location", t.getString("facilityId"), null)));
    FhirCodes.names(service, t);
    service.remove("alias");
    if (t.getString("nameEn") != null) service.put("comment", t.getString("nameEn"));
    JsonArray area = new JsonArray();
    t.getJsonArray("serviceArea", new JsonArray()).forEach(code -> area.add(FhirCodes.reference("Location", LocationResource.REGION_PREFIX + code, null)));
    if (!area.isEmpty()) service.put("coverageArea", area);
    return service.put("appointmentRequired", true);
  }

  private static JsonObject beds(JsonObject b) {
    JsonArray parts = new JsonArray()
        .add(new JsonObject().put("url", "careLevel").put("valueCoding", FhirCodes.coding(FhirCodes.CARE_LEVEL, b.getString("careLevel"), null)))
        .add(new JsonObject().put("url", "total").put("valueUnsignedInt", b.getInteger("total")))
        .add(new JsonObject().put("url", "free").put("valueUnsignedInt", b.getInteger("free")))
        .add(new JsonObject().put("url", "nursing").put("valueUnsignedInt", b.getInteger("nursing")));
    if (b.getString("reportedAt") != null) parts.add(new JsonObject().put("url", "reportedAt").put("valueDateTime", FhirInstants.of(b.getString("reportedAt"))));
    parts.add(new JsonObject().put("url", "stale").put("valueBoolean", b.getBoolean("stale", false)));
    return new JsonObject().put("url", FhirCodes.BEDS_EXTENSION).put("extension", parts);
  }

  private static JsonArray codes(String system, JsonArray values) {
    JsonArray out = new JsonArray();
    values.forEach(v -> out.add(FhirCodes.concept(FhirCodes.coding(system, String.valueOf(v), null))));
    return out;
  }
}
