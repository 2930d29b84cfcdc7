package org.healthportal.familydoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;
import static org.healthportal.support.Probing.answersAsIfMissing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.healthportal.residents.IdNumbers;
import org.healthportal.support.Http;
import org.healthportal.support.Race;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/** Family doctor signups: lifecycle, object-level access, and the rules that must hold under concurrency and retries. */
class SignupTest {

  private static final AtomicInteger SEQUENCE = new AtomicInteger(new java.util.Random().nextInt(500));
  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void pendingThenAcceptedByTheTeamsStaffWithHistory() {
    String token = residentWithProfile("resident1");
    String teamId = demoTeamOf(HEALTH_CENTRE_2);
    String dependant = newDependant(token, "370102");
    Http.Response created = signup(token, UUID.randomUUID().toString(), teamId, dependant, "basic", "hypertension");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject signup = created.json();
    assertThat(signup.getString("status")).isEqualTo("PENDING");
    assertThat(signup.getString("personIdNumberMasked")).contains("********");
    String id = signup.getString("id");

    assertThat(ids(http.get("/v1/me/signups", token).json())).contains(id);
    JsonObject pending = http.get("/v1/family-doctor/teams/" + teamId + "/signups?status=PENDING", env.token("staff1")).json();
    assertThat(ids(pending)).contains(id);
    assertThat(pending.getJsonArray("items").getJsonObject(0).containsKey("waitingHours")).isTrue();

    Http.Response accepted = decide(env.token("staff1"), id, new JsonObject().put("decision", "accept"));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.json().getString("status")).isEqualTo("ACTIVE");
    assertThat(accepted.json().getString("startsAt")).isNotNull();
    assertThat(accepted.json().getString("endsAt")).isNotNull();
    JsonArray history = http.get("/v1/family-doctor/signups/" + id, token).json().getJsonArray("history");
    assertThat(history.stream().map(h -> ((JsonObject) h).getString("toStatus")).toList()).containsExactly("PENDING", "ACTIVE");
    decide(env.token("staff1"), id, new JsonObject().put("decision", "accept")).problem(409);
    assertThat(outboxEvents(id)).containsExactly("signup.pending", "signup.active");
  }

  /** A signup's events carry the trace of the request that caused each, for the webhook deliveries that follow. */
  @Test
  void eventsCarryTheTraceOfTheirRequest() {
    String token = residentWithProfile("resident1");
    String created = UUID.randomUUID().toString().replace("-", "");
    String decided = UUID.randomUUID().toString().replace("-", "");
    Http.Response signup = http.send("POST", "/v1/family-doctor/signups", token, "application/json",
        body(demoTeamOf(HEALTH_CENTRE_2), newDependant(token, "370102"), "basic").encode(),
        Map.of("Idempotency-Key", UUID.randomUUID().toString(), "traceparent", "00-" + created + "-00f067aa0ba902b7-01"));
    String id = signup.json().getString("id");
    assertThat(http.send("POST", "/v1/family-doctor/signups/" + id + "/decision", env.token("staff1"), "application/json",
        new JsonObject().put("decision", "accept").encode(), Map.of("traceparent", "00-" + decided + "-00f067aa0ba902b7-01")).status())
        .isEqualTo(200);
    assertThat(outbox(id, "traceparent")).satisfiesExactly(t -> assertThat(t).contains(created), t -> assertThat(t).contains(decided));
  }

  @Test
  void withdrawAndRejectReleaseTheirPlace() {
    String token = residentWithProfile("resident1");
    String teamId = demoTeamOf(HEALTH_CENTRE_2);
    int before = http.get("/v1/family-doctor/teams/" + teamId).json().getInteger("panelSize");
    String a = signup(token, UUID.randomUUID().toString(), teamId, newDependant(token, "370102"), "basic").json().getString("id");
    String b = signup(token, UUID.randomUUID().toString(), teamId, newDependant(token, "370102"), "basic").json().getString("id");
    assertThat(http.get("/v1/family-doctor/teams/" + teamId).json().getInteger("panelSize")).isEqualTo(before + 2);

    Http.Response withdrawn = http.send("POST", "/v1/family-doctor/signups/" + a + "/withdraw", token, null, null, Map.of());
    assertThat(withdrawn.json().getString("status")).isEqualTo("WITHDRAWN");
    http.send("POST", "/v1/family-doctor/signups/" + a + "/withdraw", token, null, null, Map.of()).problem(409);
    decide(env.token("staff1"), b, new JsonObject().put("decision", "reject")).problem(400);
    Http.Response rejected = decide(env.token("staff1"), b, new JsonObject().put("decision", "reject").put("reason", "Outside our catchment street"));
    assertThat(rejected.json().getString("status")).isEqualTo("REJECTED");
    assertThat(rejected.json().getString("reason")).isEqualTo("Outside our catchment street");
    assertThat(http.get("/v1/family-doctor/teams/" + teamId).json().getInteger("panelSize")).isEqualTo(before);
  }

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
  void idempotentRetriesReplayTheFirstResponseAndAReusedKeyIsRefused() {
    String token = residentWithProfile("resident1");
    String teamId = demoTeamOf(HEALTH_CENTRE_2);
    String dependant = newDependant(token, "370102");
    String key = UUID.randomUUID().toString();
    Http.Response first = signup(token, key, teamId, dependant, "basic");
    Http.Response retry = signup(token, key, teamId, dependant, "basic");
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(signup(token, key, teamId, dependant, "basic", "tcm").problem(422).getString("type")).endsWith("/idempotency-key-reused");
    assertThat(signup(token, UUID.randomUUID().toString(), teamId, dependant, "basic").problem(409).getString("type")).endsWith("/already-signed-up");

    // Keys are forgotten after a day: an aged key is free again (and then meets the one-contract rule).
    try {
      sql("UPDATE idempotency_key SET created_at = now() - interval '2 days' WHERE key = '" + key + "'");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    assertThat(new org.healthportal.platform.http.Idempotency(env.app.pool()).forgetOlderThan(java.time.Duration.ofDays(1)).await()).isPositive();
    assertThat(signup(token, key, teamId, dependant, "basic").problem(409).getString("type")).endsWith("/already-signed-up");
  }

  /**
   * A claim with no response, as the version before this one left while a signup ran (claims now
   * commit with the response): in flight for a minute, then dropped, so the next retry does the work.
   */
  @Test
  void anUnansweredClaimIsInFlightUntilAbandoned() throws Exception {
    String token = residentWithProfile("resident1");
    String teamId = demoTeamOf(HEALTH_CENTRE_2);
    String dependant = newDependant(token, "370102");
    String key = UUID.randomUUID().toString();
    assertThat(signup(token, key, teamId, dependant, "basic").status()).isEqualTo(201);
    sql("UPDATE idempotency_key SET response_status = NULL, response_body = NULL WHERE key = '" + key + "'");
    assertThat(signup(token, key, teamId, dependant, "basic").problem(409).getString("type")).endsWith("/idempotency-in-flight");
    sql("UPDATE idempotency_key SET created_at = now() - interval '2 minutes' WHERE key = '" + key + "'");
    assertThat(signup(token, key, teamId, dependant, "basic").problem(409).getString("type")).as("dropped").endsWith("/idempotency-in-flight");
    assertThat(signup(token, key, teamId, dependant, "basic").problem(409).getString("type")).as("the work, again").endsWith("/already-signed-up");
  }

  /** 300 different people race for a team with cap 40: exactly 40 get in, the rest hear team-full. */
  @Test
  void capacityHoldsUnderConcurrentSignups() throws Exception {
    String teamId = newTeam(40, true);
    List<String[]> people = new ArrayList<>();
    for (int account = 0; account < 6; account++) {
      String user = "capacity" + account;
      env.keycloakAdmin().ensureUser(user, user + "-pass", "resident");
      String token = residentWithProfile(user);
      for (int i = 0; i < 50; i++) people.add(new String[] {token, newDependant(token, "370102")});
    }
    List<Http.Response> responses = Race.of(people.size(), i -> () ->
        signup(people.get(i)[0], UUID.randomUUID().toString(), teamId, people.get(i)[1], "basic"));
    assertThat(responses.stream().filter(r -> r.status() == 201).count()).isEqualTo(40);
    assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(260)
        .allSatisfy(r -> assertThat(r.json().getString("type")).endsWith("/team-full"));
    JsonObject team = http.get("/v1/family-doctor/teams/" + teamId).json();
    assertThat(team.getInteger("panelSize")).isEqualTo(40);
    assertThat(team.getInteger("remainingCapacity")).isZero();
  }

  /** 20 concurrent attempts for one person across 20 teams: exactly one contract. */
  @Test
  void onePersonGetsOneContractWhateverTheTiming() throws Exception {
    String token = residentWithProfile("resident2");
    String dependant = newDependant(token, "370102");
    List<String> teams = new ArrayList<>();
    for (int i = 0; i < 20; i++) teams.add(newTeam(100, true));
    List<Http.Response> responses = Race.of(20, i -> () -> signup(token, UUID.randomUUID().toString(), teams.get(i), dependant, "basic"));
    assertThat(responses.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
    assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(19)
        .allSatisfy(r -> assertThat(r.json().getString("type")).endsWith("/already-signed-up"));
    int panels = teams.stream().mapToInt(t -> http.get("/v1/family-doctor/teams/" + t).json().getInteger("panelSize")).sum();
    assertThat(panels).as("no place left taken by a refused attempt").isEqualTo(1);
  }

  /** 50 concurrent retries with one key: one contract, and every success is the same response. */
  @Test
  void concurrentRetriesWithOneKeyCreateOneContract() throws Exception {
    String token = residentWithProfile("resident1");
    String teamId = newTeam(100, true);
    String dependant = newDependant(token, "370102");
    String key = UUID.randomUUID().toString();
    List<Http.Response> responses = Race.of(50, i -> () -> signup(token, key, teamId, dependant, "basic"));
    List<Http.Response> created = responses.stream().filter(r -> r.status() == 201).toList();
    assertThat(created).isNotEmpty();
    assertThat(created.stream().map(Http.Response::body).distinct()).hasSize(1);
    assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
    responses.stream().filter(r -> r.status() == 409).forEach(r -> assertThat(r.json().getString("type")).endsWith("/idempotency-in-flight"));
    assertThat(http.get("/v1/family-doctor/teams/" + teamId).json().getInteger("panelSize")).isEqualTo(1);
    assertThat(signup(token, key, teamId, dependant, "basic").body()).isEqualTo(created.get(0).body());
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
  void activeContractsRenewInsideTheWindowExpireByThemselvesAndCanBeCancelled() throws Exception {
    String token = residentWithProfile("resident1");
    String teamId = demoTeamOf(HEALTH_CENTRE_2);
    String id = active(token, teamId);
    JsonObject early = post(token, id, "renew", null).problem(409);
    assertThat(early.getString("type")).endsWith("/outside-renewal-window");

    sql("UPDATE signup SET ends_at = now() + interval '10 days' WHERE id = '" + id + "'");
    JsonObject expiring = http.get("/v1/family-doctor/signups/" + id, token).json();
    assertThat(expiring.getBoolean("expiresSoon")).isTrue();
    assertThat(expiring.getString("renewalOpensAt")).isNotNull();
    Http.Response renewed = post(token, id, "renew", null);
    assertThat(renewed.status()).as(renewed.body()).isEqualTo(201);
    String next = renewed.json().getString("id");
    assertThat(renewed.json().getString("status")).isEqualTo("ACTIVE");
    assertThat(renewed.json().getString("startsAt")).isEqualTo(expiring.getString("endsAt"));
    assertThat(http.get("/v1/family-doctor/signups/" + id, token).json().getString("status")).isEqualTo("RENEWED");

    int panel = http.get("/v1/family-doctor/teams/" + teamId).json().getInteger("panelSize");
    sql("UPDATE signup SET ends_at = now() - interval '1 minute' WHERE id = '" + next + "'");
    String status = "";
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!"EXPIRED".equals(status) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = http.get("/v1/family-doctor/signups/" + next, token).json().getString("status");
    }
    assertThat(status).as("expired without anyone acting").isEqualTo("EXPIRED");
    assertThat(http.get("/v1/family-doctor/teams/" + teamId).json().getInteger("panelSize")).isEqualTo(panel - 1);
    JsonArray history = http.get("/v1/family-doctor/signups/" + next, token).json().getJsonArray("history");
    assertThat(history.getJsonObject(history.size() - 1).getString("actor")).isEqualTo("system");

    String other = active(token, teamId);
    post(token, other, "cancel", new JsonObject()).problem(400);
    Http.Response cancelled = post(token, other, "cancel", new JsonObject().put("reason", "Moved to another city"));
    assertThat(cancelled.json().getString("status")).isEqualTo("TERMINATED");
    assertThat(cancelled.json().getString("reason")).isEqualTo("Moved to another city");
    post(token, other, "cancel", new JsonObject().put("reason", "again")).problem(409);
    post(env.token("resident2"), other, "renew", null).problem(404);
  }

  @Test
  void changingTeamEndsTheOldContractAndStartsTheNewOneInOneTransaction() throws Exception {
    String token = residentWithProfile("resident1");
    String id = active(token, demoTeamOf(HEALTH_CENTRE_2));
    String newTeam = newTeam(5, true);
    Http.Response moved = post(token, id, "change-team", new JsonObject().put("teamId", newTeam).put("reason", "Closer to home"));
    assertThat(moved.status()).as(moved.body()).isEqualTo(201);
    String next = moved.json().getString("id");
    assertThat(moved.json().getString("status")).isEqualTo("PENDING");
    assertThat(moved.json().getString("teamId")).isEqualTo(newTeam);
    assertThat(http.get("/v1/family-doctor/signups/" + id, token).json().getString("status")).isEqualTo("TERMINATED");

    String fullTeam = newTeam(1, true);
    assertThat(signup(token, UUID.randomUUID().toString(), fullTeam, newDependant(token, "370102"), "basic").status()).isEqualTo(201);
    JsonObject refused = post(token, next, "change-team", new JsonObject().put("teamId", fullTeam)).problem(409);
    assertThat(refused.getString("type")).endsWith("/team-full");
    JsonObject unchanged = http.get("/v1/family-doctor/signups/" + next, token).json();
    assertThat(unchanged.getString("status")).as("rolled back").isEqualTo("PENDING");
    assertThat(http.get("/v1/family-doctor/teams/" + newTeam).json().getInteger("panelSize")).isEqualTo(1);
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

  /** A new ACTIVE contract for a new household member. */
  private String active(String token, String teamId) {
    String id = signup(token, UUID.randomUUID().toString(), teamId, newDependant(token, "370102"), "basic").json().getString("id");
    assertThat(decide(env.token("admin1"), id, new JsonObject().put("decision", "accept")).status()).isEqualTo(200);
    return id;
  }

  private Http.Response post(String token, String id, String action, JsonObject body) {
    return http.send("POST", "/v1/family-doctor/signups/" + id + "/" + action, token, body == null ? null : "application/json",
        body == null ? null : body.encode(), Map.of());
  }

  private void sql(String statement) throws Exception {
    try (Connection c = jdbc()) {
      c.createStatement().executeUpdate(statement);
    }
  }

  private String residentWithProfile(String user) {
    return org.healthportal.support.ResidentFixtures.withProfile(env, user);
  }

  /** A new household member with a unique ID number. */
  private String newDependant(String token, String region) {
    int n = SEQUENCE.incrementAndGet();
    String id = IdNumbers.valid("370102", LocalDate.of(1930, 1, 1).plusDays(n % 30_000), n % 1000);
    Http.Response r = http.send("POST", "/v1/me/dependants", token, "application/json", new JsonObject().put("name", "测试" + n)
        .put("relation", "parent").put("idNumber", id).put("residenceRegion", region).encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  private String demoTeamOf(String facilityId) {
    return http.get("/v1/family-doctor/teams?facility=" + facilityId).json().getJsonArray("items").getJsonObject(0).getString("id");
  }

  /** A team with the given cap at the staff1 health centre (there is no admin team API yet). */
  private String newTeam(int cap, boolean acceptsOutOfArea) throws Exception {
    String id = UUID.randomUUID().toString();
    try (Connection c = jdbc()) {
      var st = c.prepareStatement("INSERT INTO team (id, facility_id, name_zh, service_area, accepts_out_of_area, panel_cap, packages)"
          + " VALUES (?::uuid, ?::uuid, ?, ARRAY['370102'], ?, ?, ARRAY['basic','tcm'])");
      st.setString(1, id);
      st.setString(2, HEALTH_CENTRE_2);
      st.setString(3, "测试团队" + id.substring(0, 8));
      st.setBoolean(4, acceptsOutOfArea);
      st.setInt(5, cap);
      st.executeUpdate();
    }
    return id;
  }

  private List<String> outboxEvents(String signupId) {
    return outbox(signupId, "event_type");
  }

  /** A column of the contract's outbox events, oldest first. */
  private List<String> outbox(String signupId, String column) {
    List<String> events = new ArrayList<>();
    try (Connection c = jdbc(); var rs = c.createStatement().executeQuery(
        "SELECT " + column + " FROM outbox WHERE aggregate_id = '" + UUID.fromString(signupId) + "' ORDER BY id")) {
      while (rs.next()) events.add(rs.getString(1));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return events;
  }

  private Connection jdbc() throws java.sql.SQLException {
    return env.database();
  }

  private Http.Response signup(String token, String key, String teamId, String dependantId, String... packages) {
    return http.send("POST", "/v1/family-doctor/signups", token, "application/json", body(teamId, dependantId, packages).encode(),
        Map.of("Idempotency-Key", key));
  }

  private static JsonObject body(String teamId, String dependantId, String... packages) {
    JsonObject body = new JsonObject().put("teamId", teamId).put("packages", new JsonArray(List.of(packages))).put("agreementVersion", "2026.1");
    if (dependantId != null) body.put("dependantId", dependantId);
    return body;
  }

  private Http.Response decide(String token, String id, JsonObject decision) {
    return http.send("POST", "/v1/family-doctor/signups/" + id + "/decision", token, "application/json", decision.encode(), Map.of());
  }

  private static Set<String> ids(JsonObject list) {
    Set<String> ids = new java.util.HashSet<>();
    list.getJsonArray("items").forEach(i -> ids.add(((JsonObject) i).getString("id")));
    return ids;
  }
}
