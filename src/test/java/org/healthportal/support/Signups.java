package org.healthportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.healthportal.residents.IdNumbers;

/** Signups made and decided over HTTP, as a resident and the team's staff do, for tests of what follows from them. */
public final class Signups {

  private static final AtomicInteger SEQUENCE = new AtomicInteger(new java.util.Random().nextInt(20_000));

  private final TestEnv env;

  public Signups(TestEnv env) {
    this.env = env;
  }

  /** A new household member of the account with a unique ID number; its id. */
  public String newDependant(String token, String name) {
    int n = SEQUENCE.incrementAndGet();
    String id = IdNumbers.valid("370102", LocalDate.of(1930, 1, 1).plusDays(n % 30_000), n % 1000);
    Http.Response r = env.http.send("POST", "/v1/me/dependants", token, "application/json", new JsonObject().put("name", name)
        .put("relation", "parent").put("idNumber", id).put("residenceRegion", "370102").encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  /** A pending basic-package signup for the dependant with the demo team of {@code facilityId}; its id. */
  public String pending(String token, String facilityId, String dependantId) {
    String teamId = env.http.get("/v1/family-doctor/teams?facility=" + facilityId).json().getJsonArray("items").getJsonObject(0).getString("id");
    JsonObject body = new JsonObject().put("teamId", teamId).put("packages", new JsonArray(List.of("basic"))).put("agreementVersion", "2026.1")
        .put("dependantId", dependantId);
    Http.Response r = env.http.send("POST", "/v1/family-doctor/signups", token, "application/json", body.encode(),
        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  /** The staff member's decision: {@code reason} null accepts, otherwise rejects with it. */
  public void decide(String staffToken, String signupId, String reason) {
    JsonObject decision = reason == null ? new JsonObject().put("decision", "accept") : new JsonObject().put("decision", "reject").put("reason", reason);
    Http.Response r = env.http.send("POST", "/v1/family-doctor/signups/" + signupId + "/decision", staffToken, "application/json",
        decision.encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }
}
