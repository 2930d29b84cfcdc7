package org.healthportal.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.CARE_HOME_1;
import static org.healthportal.support.Facilities.enc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/** The FHIR view's searches, reads and errors over HTTP: what a client sends and gets back. */
class FhirSearchTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void badParametersAreOperationOutcomesWith400() {
    for (String query : List.of(
        "near=abc", "near=36.6", "near=36.6%7C117.0%7C5%7Cmi", "near=36.6%7C117.0%7C500%7Ckm", "near=91%7C117%7C5%7Ckm",
        "near=36.6%7C117.0%7C-5%7Ckm", "near=0x10%7C117%7C5%7Ckm", "near=NaN%7C117%7C5%7Ckm",
        "_count=0", "_count=abc", "_count=1000",
        "_lastUpdated=xx2026", "_lastUpdated=2026-13-01", "_lastUpdated=sa2026-01-01", "_lastUpdated=2026-01-01T10:00:00",
        "name:contains=abc", "_include=Location:foo", "_page=garbage", "_page=eyJxIjoiMSJ9", "status=bogus", "type=sys%7C",
        "partof=Location/somewhere", "_id=bad*id")) {
      JsonObject outcome = http.get("/fhir/Location?" + query).operationOutcome(400);
      assertThat(outcome.getJsonArray("issue").getJsonObject(0).getString("code")).as(query).isEqualTo("invalid");
    }
    http.get("/fhir/Organization?active=maybe").operationOutcome(400);
    http.get("/fhir/HealthcareService?_count=-1").operationOutcome(400);
  }

  @Test
  void unknownResourcesAreOperationOutcomesWith404() {
    http.get("/fhir/Location/" + UUID.randomUUID()).operationOutcome(404);
    http.get("/fhir/Organization/region-370100").operationOutcome(404);
    http.get("/fhir/Location/region-999999").operationOutcome(404);
    http.get("/fhir/HealthcareService/not-a-uuid").operationOutcome(404);
    http.get("/fhir/Patient/1").operationOutcome(404);
    http.get("/fhir/Patient?name=x").operationOutcome(404);
    Http.Response write = http.send("POST", "/fhir/Location", null, "application/fhir+json", "{\"resourceType\":\"Location\"}", java.util.Map.of());
    write.operationOutcome(405);
    assertThat(write.header("Allow")).isEqualTo("GET");
    http.send("DELETE", "/fhir/Location/" + CARE_HOME_1, null, null, null, java.util.Map.of()).operationOutcome(405);
  }

  @Test
  void unknownParametersAreIgnoredUnlessTheClientAsksForStrictHandling() {
    Http.Response lenient = http.get("/fhir/Location?foo=bar&_count=1");
    assertThat(lenient.status()).isEqualTo(200);
    assertThat(link(lenient.json(), "self")).endsWith("/fhir/Location?_count=1").doesNotContain("foo");
    Http.Response strict = http.send(http.request("/fhir/Location?foo=bar&_count=1", null).header("Prefer", "handling=strict").GET().build());
    strict.operationOutcome(400);
    Http.Response strictKnown = http.send(http.request("/fhir/Location?_count=1", null).header("Prefer", "handling=strict").GET().build());
    assertThat(strictKnown.status()).isEqualTo(200);
  }

  @Test
  void aChangeThroughTheApiIsVisibleThroughFhirAtOnce() {
    Http.Response before = http.get("/fhir/Location/" + CARE_HOME_1);
    assertThat(before.header("ETag")).isEqualTo("W/\"" + before.json().getJsonObject("meta").getString("versionId") + "\"");
    http.get("/fhir/Location?name=" + enc(before.json().getString("name"))); // warm what can be warmed
    Http.Response current = http.get("/v1/facilities/" + CARE_HOME_1);
    String newName = "颐和FHIR测试" + UUID.randomUUID().toString().substring(0, 6);
    Http.Response patched = new Facilities(http).patch(CARE_HOME_1, env.token("staff1"), current.header("ETag"),
        new JsonObject().put("nameZh", newName));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    int version = patched.json().getInteger("version");

    Http.Response read = http.get("/fhir/Location/" + CARE_HOME_1);
    assertThat(read.json().getString("name")).isEqualTo(newName);
    assertThat(read.header("ETag")).isEqualTo("W/\"" + version + "\"");
    assertThat(read.json().getJsonObject("meta").getString("versionId")).isEqualTo(String.valueOf(version));
    assertThat(http.get("/fhir/Organization/" + CARE_HOME_1).json().getString("name")).isEqualTo(newName);
    assertThat(ids(http.get("/fhir/Location?name=" + enc(newName)).json())).containsExactly(CARE_HOME_1);
    assertThat(ids(http.get("/fhir/HealthcareService?name=" + enc(newName)).json())).containsExactly(CARE_HOME_1);

    Http.Response notModified = http.send(http.request("/fhir/Location/" + CARE_HOME_1, null).header("If-None-Match", read.header("ETag")).GET().build());
    assertThat(notModified.status()).isEqualTo(304);
    Http.Response stale = http.send(http.request("/fhir/Location/" + CARE_HOME_1, null).header("If-None-Match", before.header("ETag")).GET().build());
    assertThat(stale.status()).isEqualTo(200);
  }

  @Test
  void includesFiltersAndReferences() {
    JsonObject bundle = http.get("/fhir/Location?organization=Organization/" + CARE_HOME_1 + "&_include=Location:organization").json();
    assertThat(modes(bundle)).containsExactly("match", "include");
    assertThat(bundle.getJsonArray("entry").getJsonObject(1).getJsonObject("resource").getString("resourceType")).isEqualTo("Organization");

    JsonObject jinan = http.get("/fhir/Location?partof=Location/region-370100&_count=50").json();
    assertThat(resources(jinan)).isNotEmpty().allSatisfy(r -> assertThat(r.getJsonObject("partOf").getString("reference")).startsWith("Location/region-3701"));
    JsonObject region = http.get("/fhir/Location/region-370102").json();
    assertThat(region.getJsonObject("partOf").getString("reference")).isEqualTo("Location/region-370100");

    assertThat(http.get("/fhir/Location?status=inactive").json().containsKey("entry")).isFalse();
    for (String unknownKind : List.of("/fhir/Location?type=no_such_kind", "/fhir/Organization?type=x%7Cno_such_kind", "/fhir/HealthcareService?type=nope")) {
      JsonObject empty = http.get(unknownKind).json();
      assertThat(empty.containsKey("entry")).as(unknownKind).isFalse();
      assertThat(empty.getInteger("total")).isZero();
    }
    assertThat(resources(http.get("/fhir/Location?type=seaside&_count=100").json()))
        .isNotEmpty().allSatisfy(r -> assertThat(r.getJsonArray("type").getJsonObject(0).getJsonArray("coding").getJsonObject(0).getString("code")).isEqualTo("seaside"));

    JsonObject teams = http.get("/fhir/Organization?type=team&_count=3&_include=Organization:partof").json();
    List<JsonObject> teamOrgs = resources(teams);
    assertThat(teamOrgs).hasSize(3).allSatisfy(r -> {
      assertThat(r.getJsonObject("partOf").getString("reference")).startsWith("Organization/");
      assertThat(r.encode()).doesNotContain("members").doesNotContain("general_practitioner");
    });
    assertThat(modes(teams)).contains("include");
    String facility = teamOrgs.get(0).getJsonObject("partOf").getString("reference").substring("Organization/".length());
    assertThat(resources(http.get("/fhir/Organization?partof=" + facility).json())).isNotEmpty()
        .allSatisfy(r -> assertThat(r.getJsonObject("partOf").getString("reference")).isEqualTo("Organization/" + facility));
    assertThat(resources(http.get("/fhir/HealthcareService?location=" + facility).json())).extracting(r -> r.getString("id"))
        .contains(facility, teamOrgs.get(0).getString("id"));
  }

  @Test
  void pagesOfOneSearchFollowOnAndATokenOfAnotherIsRefused() {
    JsonObject first = http.get("/fhir/Organization?_count=5").json();
    String next = link(first, "next");
    assertThat(next).contains("_page=");
    String token = next.substring(next.indexOf("_page=") + 6);
    JsonObject second = http.get(next.substring(next.indexOf("/fhir/"))).json();
    assertThat(ids(second)).hasSize(5).doesNotContainAnyElementsOf(ids(first));
    http.get("/fhir/Organization?type=team&_page=" + token).operationOutcome(400);
  }

  private static String link(JsonObject bundle, String relation) {
    for (Object l : bundle.getJsonArray("link")) {
      if (((JsonObject) l).getString("relation").equals(relation)) return ((JsonObject) l).getString("url");
    }
    return null;
  }

  private static List<String> modes(JsonObject bundle) {
    List<String> modes = new ArrayList<>();
    bundle.getJsonArray("entry", new JsonArray()).forEach(e -> modes.add(((JsonObject) e).getJsonObject("search").getString("mode")));
    return modes;
  }

  private static List<JsonObject> resources(JsonObject bundle) {
    List<JsonObject> out = new ArrayList<>();
    bundle.getJsonArray("entry", new JsonArray()).forEach(e -> {
      JsonObject entry = (JsonObject) e;
      if (entry.getJsonObject("search").getString("mode").equals("match")) out.add(entry.getJsonObject("resource"));
    });
    return out;
  }

  private static List<String> ids(JsonObject bundle) {
    return resources(bundle).stream().map(r -> r.getString("id")).toList();
  }
}
