package org.healthportal.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Facilities and family-doctor teams as FHIR {@code Organization}s. A team is described without its
 * members: staff names are personal data and never leave through this view.
 */
final class OrganizationResource {

  private OrganizationResource() {}

  static JsonObject facility(JsonObject f) {
    JsonObject org = new JsonObject()
        .put("resourceType", "Organization")
        .put("id", f.getString("id"))
        .put("meta", FhirCodes.meta(f.getValue("version"), FhirInstants.of(f.getString("updatedAt"))))
        .put("identifier", FhirCodes.identifier(f.getString("id")))
        .put("active", !"closed".equals(f.getString("status")))
        .put("type", new JsonArray()
            .add(FhirCodes.concept(FhirCodes.coding(FhirCodes.ORGANIZATION_TYPE, "prov", "Healthcare Provider")))
            .add(FhirCodes.concept(FhirCodes.coding(FhirCodes.FACILITY_KIND, f.getString("kind"), null))));
    FhirCodes.names(org, f);
    JsonArray telecom = FhirCodes.phone(f.getString("phone"));
    if (telecom != null) org.put("telecom", telecom);
    return org.put("address", new JsonArray().add(new JsonObject().put("use", "work").put("text", f.getString("addressZh")).put("country", "CN")));
  }

  static JsonObject team(JsonObject t) {
    JsonObject org = new JsonObject()
        .put("resourceType", "Organization")
        .put("id", t.getString("id"))
        .put("meta", FhirCodes.meta(t.getValue("version"), null))
        .put("identifier", FhirCodes.identifier(t.getString("id")))
        .put("active", true)
        .put("type", new JsonArray().add(FhirCodes.concept(FhirCodes.coding(FhirCodes.ORGANIZATION_TYPE, FhirCodes.TEAM, "Organizational team"))));
    FhirCodes.names(org, t);
    return org.put("partOf", FhirCodes.reference("Organization", t.getString("facilityId"), null));
  }
}
