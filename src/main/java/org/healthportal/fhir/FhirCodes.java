package org.healthportal.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The code systems, extensions and small JSON shapes the FHIR view writes. Our own code systems
 * carry the API's enum values unchanged, so a FHIR client and an API client speak of a kind or a
 * care level with the same word.
 */
final class FhirCodes {

  static final String BASE = "https://health-portal.example/fhir/";
  static final String FACILITY_KIND = BASE + "CodeSystem/facility-kind";
  static final String TOURISM_KIND = BASE + "CodeSystem/tourism-kind";
  static final String CARE_LEVEL = BASE + "CodeSystem/care-level";
  static final String SERVICE = BASE + "CodeSystem/service";
  static final String SERVICE_KIND = BASE + "CodeSystem/service-kind";
  /** Listing ids, the same UUIDs the API uses. */
  static final String LISTING_ID = BASE + "NamingSystem/listing-id";
  static final String REGION_CODE = "urn:oid:2.16.156.10011.2.3.2"; // GB/T 2260 administrative division codes
  /** Beds per care level, where FHIR has no element for them (documented in docs/fhir.md). */
  static final String BEDS_EXTENSION = BASE + "StructureDefinition/beds";
  /** The standard search extension with an entry's distance from the {@code near} point. */
  static final String DISTANCE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/location-distance";
  static final String ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";
  static final String PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";
  static final String UCUM = "http://unitsofmeasure.org";

  /** The code a team carries in {@link #SERVICE_KIND} and {@link #ORGANIZATION_TYPE}'s place. */
  static final String TEAM = "team";
  static final String FAMILY_DOCTOR = "family_doctor";

  private FhirCodes() {}

  static JsonObject coding(String system, String code, String display) {
    JsonObject c = new JsonObject().put("system", system).put("code", code);
    if (display != null) c.put("display", display);
    return c;
  }

  static JsonObject concept(JsonObject... codings) {
    JsonArray list = new JsonArray();
    for (JsonObject c : codings) list.add(c);
    return new JsonObject().put("coding", list);
  }

  static JsonObject reference(String type, String id, String display) {
    JsonObject r = new JsonObject().put("reference", type + "/" + id);
    if (display != null) r.put("display", display);
    return r;
  }

  /** The listing's id as an identifier, so systems that keep our UUIDs can match them. */
  static JsonArray identifier(String id) {
    return new JsonArray().add(new JsonObject().put("system", LISTING_ID).put("value", id));
  }

  /**
   * {@code meta} with the listing's version and change time (absent when the listing has none). No
   * {@code profile}: conformance to the mCSD profiles is not checked (their package is not at hand
   * offline), so none is claimed.
   */
  static JsonObject meta(Object version, String updatedAt) {
    JsonObject meta = new JsonObject();
    if (version != null) meta.put("versionId", String.valueOf(version));
    if (updatedAt != null) meta.put("lastUpdated", updatedAt);
    return meta;
  }

  /** The Chinese name, with the English one as an alias where given. */
  static void names(JsonObject resource, JsonObject listing) {
    resource.put("name", listing.getString("nameZh"));
    String en = listing.getString("nameEn");
    if (en != null && !en.isBlank()) resource.put("alias", new JsonArray().add(en));
  }

  static JsonArray phone(String phone) {
    return phone == null ? null : new JsonArray().add(new JsonObject().put("system", "phone").put("value", phone).put("use", "work"));
  }
}
