package org.healthportal.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.CARE_HOME_1;
import static org.healthportal.support.TourismSites.TAISHAN;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * Every kind of resource the FHIR view answers is valid R4, by HL7's validator: the
 * CapabilityStatement, searchset Bundles (with distances and includes) and every resource type in
 * them, reads of each kind of listing, and OperationOutcomes.
 */
class FhirValidationTest {

  private final Http http = TestEnv.get().http;

  @Test
  void everyResourceKindTheViewAnswersIsValidR4() {
    Set<String> seen = new HashSet<>();
    valid("/fhir/metadata", seen);
    JsonObject near = valid("/fhir/Location?near=36.66%7C117.02%7C20%7Ckm&_count=10&_include=Location:organization", seen);
    assertThat(near.getJsonArray("entry")).isNotEmpty();
    valid("/fhir/Location?type=seaside,mountain_forest&_count=5", seen);
    valid("/fhir/Organization?_count=20&type=team&_include=Organization:partof", seen);
    valid("/fhir/Organization?name=" + enc("医院") + "&_count=5", seen);
    JsonObject services = valid("/fhir/HealthcareService?_count=20&_include=HealthcareService:organization&_include=HealthcareService:location", seen);
    valid("/fhir/HealthcareService?type=family_doctor&_count=5", seen);
    valid("/fhir/Location/" + CARE_HOME_1, seen);
    valid("/fhir/Location/" + TAISHAN, seen);
    valid("/fhir/Location/region-370100", seen);
    valid("/fhir/Organization/" + CARE_HOME_1, seen);
    JsonObject service = valid("/fhir/HealthcareService/" + CARE_HOME_1, seen);
    assertThat(service.getJsonArray("extension")).as("beds").isNotEmpty();
    String teamId = firstTeam(services);
    valid("/fhir/Organization/" + teamId, seen);
    valid("/fhir/HealthcareService/" + teamId, seen);
    valid("/fhir/Location?near=abc", seen); // OperationOutcome
    valid("/fhir/Patient/1", seen);
    assertThat(seen).contains("CapabilityStatement", "Bundle", "Location", "Organization", "HealthcareService", "OperationOutcome");
  }

  /** Validates the answer and, in a Bundle, each entry's resource on its own too (with its search extension in place). */
  private JsonObject valid(String path, Set<String> seen) {
    Http.Response r = http.get(path);
    assertThat(r.header("Content-Type")).as(path).startsWith("application/fhir+json");
    JsonObject resource = r.json();
    assertThat(R4Validator.errors(r.body())).as("validation errors of %s", path).isEmpty();
    seen.add(resource.getString("resourceType"));
    for (Object e : resource.getJsonArray("entry", new JsonArray())) {
      seen.add(((JsonObject) e).getJsonObject("resource").getString("resourceType"));
    }
    return resource;
  }

  private static String firstTeam(JsonObject bundle) {
    List<String> teams = new ArrayList<>();
    for (Object e : bundle.getJsonArray("entry")) {
      JsonObject res = ((JsonObject) e).getJsonObject("resource");
      if (res.getString("resourceType").equals("HealthcareService") && res.getJsonArray("category").getJsonObject(0)
          .getJsonArray("coding").getJsonObject(0).getString("code").equals("family_doctor")) {
        teams.add(res.getString("id"));
      }
    }
    if (teams.isEmpty()) {
      // Facilities sort first by name here; the team search finds one for sure.
      return TestEnv.get().http.get("/v1/family-doctor/teams?limit=1").json().getJsonArray("items").getJsonObject(0).getString("id");
    }
    return teams.get(0);
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
