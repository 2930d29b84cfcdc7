package org.healthportal.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The search parameters and includes of each resource type: the one list the parser accepts and
 * the CapabilityStatement publishes, so the statement cannot claim what the server does not do.
 */
final class SearchParameters {

  /** A search parameter: its name, FHIR type, definition and what it does here. */
  record Param(String name, String type, String definition, String documentation) {}

  /** Parameters that shape the result rather than select it. */
  static final Set<String> RESULT = Set.of("_count", "_include", "_page");

  private static final String SP = "http://hl7.org/fhir/SearchParameter/";
  private static final Param ID = new Param("_id", "token", SP + "Resource-id", "Logical ids, comma-separated (at most 100).");
  private static final Param LAST_UPDATED = new Param("_lastUpdated", "date", SP + "Resource-lastUpdated",
      "eq, ne, gt, ge, lt, le; repeat for a range. Teams have no change time and match none.");
  private static final Param TYPE = new Param("type", "token", null, "Kinds (facility-kind, tourism-kind codes; team, family_doctor).");

  static final Map<String, List<Param>> BY_TYPE = new LinkedHashMap<>();
  static final Map<String, List<String>> INCLUDES = Map.of(
      "Location", List.of("Location:organization"),
      "Organization", List.of("Organization:partof"),
      "HealthcareService", List.of("HealthcareService:organization", "HealthcareService:location"));

  static {
    BY_TYPE.put("Location", List.of(ID, LAST_UPDATED,
        new Param("name", "string", SP + "Location-name", "Chinese text as a substring, or English words that must all occur (as the API's q)."),
        new Param("type", "token", SP + "Location-type", TYPE.documentation()),
        new Param("status", "token", SP + "Location-status", "Only active listings are searchable."),
        new Param("partof", "reference", SP + "Location-partof", "A region (Location/region-<code>); a city includes its districts."),
        new Param("organization", "reference", SP + "Location-organization", "The facility that manages the Location."),
        new Param("near", "special", SP + "Location-near",
            "lat|lng|distance|unit, unit km or m, at most 50 km (default 10 km); exact great-circle radius, sorted by distance,"
                + " distance in the location-distance extension.")));
    BY_TYPE.put("Organization", List.of(ID, LAST_UPDATED,
        new Param("name", "string", SP + "Organization-name", "As Location's name; a team's by the same rule."),
        new Param("type", "token", SP + "Organization-type", "prov (facilities), team, or facility-kind codes."),
        new Param("active", "token", SP + "Organization-active", "Only active organizations are searchable."),
        new Param("partof", "reference", SP + "Organization-partof", "The facility of a team.")));
    BY_TYPE.put("HealthcareService", List.of(ID, LAST_UPDATED,
        new Param("name", "string", SP + "HealthcareService-name", "As Location's name."),
        new Param("type", "token", null, "facility-kind codes, or family_doctor for teams (the service's category)."),
        new Param("active", "token", SP + "HealthcareService-active", "Only active services are searchable."),
        new Param("organization", "reference", SP + "HealthcareService-organization", "The providing Organization."),
        new Param("location", "reference", SP + "HealthcareService-location", "The facility where it is given.")));
  }

  private SearchParameters() {}

  static Set<String> names(String resourceType) {
    return BY_TYPE.get(resourceType).stream().map(Param::name).collect(Collectors.toSet());
  }

  static List<String> includes(String resourceType) {
    return INCLUDES.get(resourceType);
  }

  /** The CapabilityStatement's {@code searchParam} list of a resource type. */
  static JsonArray capability(String resourceType) {
    JsonArray out = new JsonArray();
    for (Param p : BY_TYPE.get(resourceType)) {
      JsonObject sp = new JsonObject().put("name", p.name()).put("type", p.type());
      if (p.definition() != null) sp.put("definition", p.definition());
      out.add(sp.put("documentation", p.documentation()));
    }
    out.add(new JsonObject().put("name", "_count").put("type", "number").put("documentation", "Page size, 1 to 100 (default 20)."));
    return out;
  }
}
