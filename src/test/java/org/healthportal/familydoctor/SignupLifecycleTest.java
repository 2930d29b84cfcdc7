package org.healthportal.familydoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.healthportal.support.Http;
import org.healthportal.support.Poll;
import org.junit.jupiter.api.Test;

/** Family doctor signups through their lifecycle: pending, accepted, rejected, withdrawn, renewed, expired, cancelled and changed team, each with its history and events. */
class SignupLifecycleTest extends SignupFlows {

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
    Poll.until("expired without anyone acting", Duration.ofSeconds(15),
        () -> "EXPIRED".equals(http.get("/v1/family-doctor/signups/" + next, token).json().getString("status")));
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
}
