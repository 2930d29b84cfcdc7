package org.healthportal.familydoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.healthportal.support.Http;
import org.healthportal.support.Race;
import org.junit.jupiter.api.Test;

/** Family doctor signups under concurrency and retries: capacity, one contract per person and idempotency keys hold whatever the timing. */
class SignupConcurrencyTest extends SignupFlows {

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

  /**
   * One key sent at once for ten different people: the key is claimed last, so every request does
   * its work, but only one commits it; the others' claims fail and roll their work back.
   */
  @Test
  void oneKeyForTenPeopleAtOnceCommitsOneSignup() throws Exception {
    String token = residentWithProfile("resident1");
    String teamId = newTeam(100, true);
    List<String> dependants = new ArrayList<>();
    for (int i = 0; i < 10; i++) dependants.add(newDependant(token, "370102"));
    String key = UUID.randomUUID().toString();
    List<Http.Response> responses = Race.of(10, i -> () -> signup(token, key, teamId, dependants.get(i), "basic"));
    List<Http.Response> created = responses.stream().filter(r -> r.status() == 201).toList();
    assertThat(created).hasSize(1);
    assertThat(responses.stream().filter(r -> r.status() != 201)).hasSize(9)
        .allSatisfy(r -> assertThat(r.problem(422).getString("type")).endsWith("/idempotency-key-reused"));
    assertThat(http.get("/v1/family-doctor/teams/" + teamId).json().getInteger("panelSize")).isEqualTo(1);
    try (var c = jdbc(); var rs = c.createStatement().executeQuery("SELECT count(*) FROM signup WHERE team_id = '" + teamId + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("contracts written").isEqualTo(1);
    }
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
}
