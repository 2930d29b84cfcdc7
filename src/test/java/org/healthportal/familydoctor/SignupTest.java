package org.healthportal.familydoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;
import static org.healthportal.support.Probing.answersAsIfMissing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.healthportal.residents.IdNumbers;
import org.healthportal.support.Http;
import org.junit.jupiter.api.Test;

/** Family doctor signups: object-level access, the rules on packages, area and keys, team capacity listings, eligibility and what is logged. */
class SignupTest extends SignupFlows {

  @Test
  void othersSeeNothingAndStaffOfAnotherFacilityCannotDecide() {
    String token = residentWithProfile("resident1");
    String id = signup(token, UUID.randomUUID().toString(), demoTeamOf(HEALTH_CENTRE_2), newDependant(token, "370102"), "basic").json().getString("id");
    String resident2 = residentWithProfile("resident2");
    assertThat(ids(http.get("/v1/me/signups", resident2).json())).doesNotContain(id);
    // Teams are public: a team outside the staff member's scope may say so.
    http.get("/v1/family-doctor/teams/" + demoTeamOf(HEALTH_CENTRE_2) + "/signups", env.token("staff2")).problem(403);
    http.get("/v1/family-doctor/teams/" + UUID.randomUUID() + "/signups", env.token("staff2")).problem(404);
    assertThat(http.get("/v1/family-doctor/signups/" + id, env.token("staff1")).status()).isEqualTo(200);
    assertThat(http.get("/v1/family-doctor/signups/" + id, env.token("admin1")).status()).isEqualTo(200);
    http.send("POST", "/v1/family-doctor/signups", env.token("staff1"), "application/json",
        body(demoTeamOf(HEALTH_CENTRE_2), null, "basic").encode(), Map.of("Idempotency-Key", "staff-key-123")).problem(403);
    assertThat(http.get("/v1/family-doctor/signups/" + id, token).json().getString("status")).as("nobody else changed it").isEqualTo("PENDING");
  }

  /**
   * Signups are not public: one outside the caller's scope is answered exactly as one that does not
   * exist, so nobody can probe which signups exist. Staff of another facility, other residents.
   */
  @Test
  void aSignupOutsideTheCallersScopeIsAnsweredAsOneThatDoesNotExist() {
    String token = residentWithProfile("resident1");
    String id = signup(token, UUID.randomUUID().toString(), demoTeamOf(HEALTH_CENTRE_2), newDependant(token, "370102"), "basic").json().getString("id");
    String staff2 = env.token("staff2");
    String resident2 = residentWithProfile("resident2");
    String teamId = demoTeamOf(HEALTH_CENTRE_2);
    answersAsIfMissing(id, 404, x -> http.get("/v1/family-doctor/signups/" + x, staff2));
    answersAsIfMissing(id, 404, x -> decide(staff2, x, new JsonObject().put("decision", "accept")));
    answersAsIfMissing(id, 404, x -> decide(staff2, x, new JsonObject().put("decision", "reject").put("reason", "probing")));
    answersAsIfMissing(id, 404, x -> post(staff2, x, "withdraw", null));
    answersAsIfMissing(id, 404, x -> http.get("/v1/family-doctor/signups/" + x, resident2));
    answersAsIfMissing(id, 404, x -> post(resident2, x, "withdraw", null));
    answersAsIfMissing(id, 404, x -> post(resident2, x, "cancel", new JsonObject().put("reason", "not mine")));
    answersAsIfMissing(id, 404, x -> post(resident2, x, "renew", null));
    answersAsIfMissing(id, 404, x -> post(resident2, x, "change-team", new JsonObject().put("teamId", teamId)));
    // Deciding is for staff and admins: anyone else gets the same 403 whatever the id.
    answersAsIfMissing(id, 403, x -> decide(resident2, x, new JsonObject().put("decision", "accept")));
    answersAsIfMissing(id, 403, x -> decide(token, x, new JsonObject().put("decision", "accept")));
    assertThat(http.get("/v1/family-doctor/signups/" + id, token).json().getString("status")).as("nobody else changed it").isEqualTo("PENDING");
    assertThat(decide(env.token("staff1"), id, new JsonObject().put("decision", "accept")).status()).isEqualTo(200);
    answersAsIfMissing(id, 404, x -> post(resident2, x, "cancel", new JsonObject().put("reason", "not mine")));
    answersAsIfMissing(id, 404, x -> decide(staff2, x, new JsonObject().put("decision", "accept")));
  }

  @Test
  void rulesOnPackagesAreaAndKeys() {
    String token = residentWithProfile("resident1");
    String teamId = demoTeamOf(HEALTH_CENTRE_2);
    JsonObject p = signup(token, UUID.randomUUID().toString(), teamId, newDependant(token, "370102"), "basic", "no_such_package").problem(400);
    assertThat(p.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/packages/1");
    assertThat(signup(token, UUID.randomUUID().toString(), teamId, newDependant(token, "370203"), "basic").problem(422)
        .getString("type")).endsWith("/out-of-service-area");
    http.send("POST", "/v1/family-doctor/signups", token, "application/json", body(teamId, null, "basic").encode(), Map.of()).problem(400);
    signup(token, UUID.randomUUID().toString(), UUID.randomUUID().toString(), newDependant(token, "370102"), "basic").problem(404);
    signup(token, UUID.randomUUID().toString(), teamId, UUID.randomUUID().toString(), "basic").problem(404);
  }

  @Test
  void teamsShowRemainingCapacityAndFilter() {
    JsonObject page = http.get("/v1/family-doctor/teams?region=370100&hasCapacity=true&package=maternal&limit=5").json();
    assertThat(page.getJsonArray("items")).isNotEmpty().allSatisfy(t -> {
      JsonObject team = (JsonObject) t;
      assertThat(team.getInteger("remainingCapacity")).isPositive();
      assertThat(team.getJsonArray("packages").getList()).contains("maternal");
      assertThat(team.getJsonArray("serviceArea").getString(0)).startsWith("3701");
      assertThat(team.getJsonArray("members")).hasSize(3);
    });
    String cursor = page.getString("nextCursor");
    if (cursor != null) {
      JsonObject next = http.get("/v1/family-doctor/teams?region=370100&hasCapacity=true&package=maternal&limit=5&cursor=" + cursor).json();
      assertThat(ids(next)).doesNotContainAnyElementsOf(ids(page));
    }
    http.get("/v1/family-doctor/teams?facility=nope").problem(400);

    JsonObject near = http.get("/v1/family-doctor/teams?near=36.6512,117.1201&radiusKm=10&limit=100").json();
    List<Double> distances = near.getJsonArray("items").stream().map(t -> ((JsonObject) t).getDouble("distanceMeters")).toList();
    assertThat(distances).isNotEmpty().isSorted().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(10_000.0));
    http.get("/v1/family-doctor/teams?near=99,117").problem(400);
  }

  @Test
  void eligibilityFollowsAgeAndConditions() {
    String token = residentWithProfile("resident1");
    int n = SEQUENCE.incrementAndGet();
    String elderId = IdNumbers.valid("370102", LocalDate.now().minusYears(70).minusDays(n % 300), n % 1000);
    Http.Response elder = http.send("POST", "/v1/me/dependants", token, "application/json", new JsonObject().put("name", "长辈" + n)
        .put("relation", "parent").put("idNumber", elderId).put("residenceRegion", "370102")
        .put("conditions", new JsonArray().add("hypertension")).encode(), Map.of());
    JsonObject result = http.get("/v1/family-doctor/eligibility?dependantId=" + elder.json().getString("id"), token).json();
    assertThat(result.getInteger("age")).isEqualTo(70);
    Map<String, Boolean> eligible = new java.util.HashMap<>();
    result.getJsonArray("items").forEach(i -> eligible.put(((JsonObject) i).getString("code"), ((JsonObject) i).getBoolean("eligible")));
    assertThat(eligible).containsEntry("basic", true).containsEntry("elderly_65", true).containsEntry("hypertension", true)
        .containsEntry("diabetes", false).containsEntry("child_0_6", false).containsEntry("tcm", true);
    JsonObject elderly = result.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("code").equals("elderly_65")).findFirst().orElseThrow();
    assertThat(elderly.getJsonArray("reasons").getString(0)).contains("age 70");
    http.get("/v1/family-doctor/eligibility?dependantId=" + UUID.randomUUID(), token).problem(404);
  }

  /** A full signup flow leaves no ID number in the logs. */
  @Test
  void aSignupFlowLogsNoIdNumber() {
    String token = residentWithProfile("resident1");
    int n = SEQUENCE.incrementAndGet();
    String idNumber = IdNumbers.valid("370102", LocalDate.of(1955, 5, 5).plusDays(n % 300), n % 1000);
    try (org.healthportal.support.LogCapture logs = org.healthportal.support.LogCapture.open()) {
      Http.Response dep = http.send("POST", "/v1/me/dependants", token, "application/json", new JsonObject().put("name", "日志" + n)
          .put("relation", "parent").put("idNumber", idNumber).put("residenceRegion", "370102").encode(), Map.of());
      String signupId = signup(token, UUID.randomUUID().toString(), demoTeamOf(HEALTH_CENTRE_2), dep.json().getString("id"), "basic")
          .json().getString("id");
      decide(env.token("staff1"), signupId, new JsonObject().put("decision", "accept"));
      http.get("/v1/family-doctor/signups/" + signupId, token);
      post(token, signupId, "cancel", new JsonObject().put("reason", "test"));
      http.send("POST", "/v1/me/dependants", token, "application/json", new JsonObject().put("name", "日志" + n)
          .put("relation", "parent").put("idNumber", idNumber).put("residenceRegion", "370102").encode(), Map.of());
      assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(idNumber) || line.contains(idNumber.substring(0, 17)));
    }
  }

  @Test
  void residentsSignForThemselvesOnceAndOthersCannotTouchTheContract() {
    String user = "selfsigner" + SEQUENCE.incrementAndGet();
    env.keycloakAdmin().ensureUser(user, user + "-pass", "resident");
    String token = env.token(user);
    int n = SEQUENCE.incrementAndGet();
    assertThat(http.send("PUT", "/v1/me/profile", token, "application/json", new JsonObject()
        .put("idNumber", IdNumbers.valid("370102", LocalDate.of(1975, 1, 1).plusDays(n), n % 1000)).put("residenceRegion", "370102").encode(),
        Map.of()).status()).isEqualTo(200);
    String teamId = demoTeamOf(HEALTH_CENTRE_2);
    Http.Response own = signup(token, UUID.randomUUID().toString(), teamId, null, "basic");
    assertThat(own.status()).as(own.body()).isEqualTo(201);
    assertThat(own.json().containsKey("dependantId") && own.json().getValue("dependantId") != null).isFalse();
    signup(token, UUID.randomUUID().toString(), teamId, null, "basic").problem(409);
    String id = own.json().getString("id");
    assertThat(decide(env.token("staff1"), id, new JsonObject().put("decision", "accept")).status()).isEqualTo(200);
    String other = residentWithProfile("resident2");
    post(other, id, "cancel", new JsonObject().put("reason", "not mine")).problem(404);
    post(other, id, "renew", null).problem(404);
    post(other, id, "change-team", new JsonObject().put("teamId", teamId)).problem(404);
    assertThat(http.get("/v1/family-doctor/signups/" + id, token).json().getString("status")).isEqualTo("ACTIVE");
  }
}
