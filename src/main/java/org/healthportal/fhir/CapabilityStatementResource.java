package org.healthportal.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /fhir/metadata}: what this server does, and nothing more. Read and search-type only,
 * JSON only, the search parameters and includes of {@link SearchParameters}; no history, no writes.
 */
final class CapabilityStatementResource {

  /** Fixed when the software is built: the server's abilities do not change at run time. */
  static final String DATE = "2026-11-28";

  private CapabilityStatementResource() {}

  /** @param version the artifact's version, null when unknown (classes not from the jar) */
  static JsonObject of(String version) {
    JsonArray resources = new JsonArray();
    for (String type : SearchParameters.BY_TYPE.keySet()) {
      JsonArray includes = new JsonArray();
      SearchParameters.includes(type).forEach(includes::add);
      resources.add(new JsonObject()
          .put("type", type)
          .put("documentation", documentation(type))
          .put("interaction", new JsonArray().add(new JsonObject().put("code", "read")).add(new JsonObject().put("code", "search-type")))
          .put("versioning", "versioned")
          .put("readHistory", false)
          .put("conditionalRead", "not-match")
          .put("searchInclude", includes)
          .put("searchParam", SearchParameters.capability(type)));
    }
    return new JsonObject()
        .put("resourceType", "CapabilityStatement")
        .put("status", "active")
        .put("date", DATE)
        .put("publisher", "Health Portal")
        .put("kind", "instance")
        .put("software", version == null ? new JsonObject().put("name", "health-portal")
            : new JsonObject().put("name", "health-portal").put("version", version))
        .put("implementation", new JsonObject().put("description",
            "A read-only view of the published care-services directory (IHE mCSD, ITI-90 Find Matching Care Services)"))
        .put("fhirVersion", "4.0.1")
        .put("format", new JsonArray().add("application/fhir+json").add("json"))
        .put("rest", new JsonArray().add(new JsonObject()
            .put("mode", "server")
            .put("documentation", "Unknown search parameters are ignored and left out of the self link unless the request says"
                + " Prefer: handling=strict (then 400). Modifiers are not supported (400). Pages follow Bundle.link next.")
            .put("resource", resources)));
  }

  private static String documentation(String type) {
    return switch (type) {
      case "Location" -> "Facilities and health-tourism sites (active ones searchable, any readable), and regions (Location/region-<code>,"
          + " read only). near returns the exact great-circle distance in the location-distance extension.";
      case "Organization" -> "Facilities, and family-doctor teams (partOf their facility, without their members).";
      default -> "What each facility offers (care levels, services, beds in the " + FhirCodes.BEDS_EXTENSION
          + " extension) and each family-doctor team's service; a service has its provider's id.";
    };
  }
}
