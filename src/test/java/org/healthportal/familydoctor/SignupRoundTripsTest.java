package org.healthportal.familydoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.healthportal.residents.IdNumbers;
import org.healthportal.support.FaultProxy;
import org.healthportal.support.Http;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * How many round trips to PostgreSQL a signup and a decision cost, counted by a proxy in front of
 * the database: a signup is one transaction of three (BEGIN with the reads of the person and the
 * team; the write; the key with the response, and COMMIT); a decision reads the contract, then writes.
 */
class SignupRoundTripsTest {

  private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE = new java.util.concurrent.atomic.AtomicInteger(new java.util.Random().nextInt(3_000));
  private final TestEnv env = TestEnv.get();

  @Test
  void aSignupCostsThreeRoundTripsAndADecisionTwo() throws Exception {
    String token = ResidentFixtures.withProfile(env, "resident1");
    String teamId = env.http.get("/v1/family-doctor/teams?facility=" + HEALTH_CENTRE_2).json().getJsonArray("items").getJsonObject(0)
        .getString("id");
    try (FaultProxy database = new FaultProxy(env.postgres.port())) {
      // Three connections, so every statement is soon prepared on each; no expiry runs in between, and
      // no search index refreshes in the background (its reads are not the signup's).
      TestEnv.Instance instance = env.startApp(Map.of("db.url", "postgresql://127.0.0.1:" + database.port() + "/postgres",
          "db.pool-size", "3", "familydoctor.expiry-interval-seconds", "3600", "search.index.enabled", "false"));
      try {
        Http http = instance.http();
        for (int i = 0; i < 6; i++) accepted(http, signup(http, token, teamId));
        int signup = Integer.MAX_VALUE;
        int decision = Integer.MAX_VALUE;
        // The fewest of a few tries: a statement new to its connection costs a turn to prepare, and a background job may cross one.
        for (int i = 0; i < 4; i++) {
          String[] id = new String[1];
          signup = Math.min(signup, turns(database, () -> id[0] = signup(http, token, teamId)));
          decision = Math.min(decision, turns(database, () -> accepted(http, id[0])));
        }
        System.out.printf("ROUND TRIPS to PostgreSQL: signup %d, decision %d%n", signup, decision);
        assertThat(signup).as("BEGIN, person, team; the write; the key with the response and commit").isEqualTo(3);
        assertThat(decision).as("the contract; the write").isEqualTo(2);
      } finally {
        instance.app().stop();
      }
    }
  }

  private static int turns(FaultProxy database, Supplier<?> request) {
    database.countTurns(20);
    request.get();
    int turns = database.turns();
    database.restore();
    return turns;
  }

  private String signup(Http http, String token, String teamId) {
    JsonObject body = new JsonObject().put("teamId", teamId).put("dependantId", newDependant(token)).put("packages", new JsonArray().add("basic"))
        .put("agreementVersion", "2026.1");
    Http.Response r = http.send("POST", "/v1/family-doctor/signups", token, "application/json", body.encode(),
        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  private String accepted(Http http, String id) {
    Http.Response r = http.send("POST", "/v1/family-doctor/signups/" + id + "/decision", env.token("admin1"), "application/json",
        new JsonObject().put("decision", "accept").encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return id;
  }

  /** A new household member (through the main instance, whose database is not counted); numbers no other test uses. */
  private String newDependant(String token) {
    int n = SEQUENCE.incrementAndGet();
    String id = IdNumbers.valid("370203", LocalDate.of(1920, 1, 1).plusDays(n % 3_000), n % 1000);
    Http.Response r = env.http.send("POST", "/v1/me/dependants", token, "application/json", new JsonObject().put("name", "往返" + n)
        .put("relation", "parent").put("idNumber", id).put("residenceRegion", "370102").encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }
}
