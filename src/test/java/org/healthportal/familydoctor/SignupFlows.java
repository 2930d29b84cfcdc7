package org.healthportal.familydoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

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
import org.healthportal.support.TestEnv;

/** What the signup tests share: signups, decisions and actions over HTTP, teams and dependants to sign for, the outbox and SQL. */
abstract class SignupFlows {

  protected static final AtomicInteger SEQUENCE = new AtomicInteger(new java.util.Random().nextInt(500));
  protected final TestEnv env = TestEnv.get();
  protected final Http http = env.http;

  /** A new ACTIVE contract for a new household member. */
  protected String active(String token, String teamId) {
    String id = signup(token, UUID.randomUUID().toString(), teamId, newDependant(token, "370102"), "basic").json().getString("id");
    assertThat(decide(env.token("admin1"), id, new JsonObject().put("decision", "accept")).status()).isEqualTo(200);
    return id;
  }

  protected Http.Response post(String token, String id, String action, JsonObject body) {
    return http.send("POST", "/v1/family-doctor/signups/" + id + "/" + action, token, body == null ? null : "application/json",
        body == null ? null : body.encode(), Map.of());
  }

  protected void sql(String statement) throws Exception {
    try (Connection c = jdbc()) {
      c.createStatement().executeUpdate(statement);
    }
  }

  protected String residentWithProfile(String user) {
    return org.healthportal.support.ResidentFixtures.withProfile(env, user);
  }

  /** A new household member with a unique ID number. */
  protected String newDependant(String token, String region) {
    int n = SEQUENCE.incrementAndGet();
    String id = IdNumbers.valid("370102", LocalDate.of(1930, 1, 1).plusDays(n % 30_000), n % 1000);
    Http.Response r = http.send("POST", "/v1/me/dependants", token, "application/json", new JsonObject().put("name", "测试" + n)
        .put("relation", "parent").put("idNumber", id).put("residenceRegion", region).encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  protected String demoTeamOf(String facilityId) {
    return http.get("/v1/family-doctor/teams?facility=" + facilityId).json().getJsonArray("items").getJsonObject(0).getString("id");
  }

  /** A team with the given cap at the staff1 health centre (there is no admin team API yet). */
  protected String newTeam(int cap, boolean acceptsOutOfArea) throws Exception {
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

  protected List<String> outboxEvents(String signupId) {
    return outbox(signupId, "event_type");
  }

  /** A column of the contract's outbox events, oldest first. */
  protected List<String> outbox(String signupId, String column) {
    List<String> events = new ArrayList<>();
    try (Connection c = jdbc(); var rs = c.createStatement().executeQuery(
        "SELECT " + column + " FROM outbox WHERE aggregate_id = '" + UUID.fromString(signupId) + "' ORDER BY id")) {
      while (rs.next()) events.add(rs.getString(1));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return events;
  }

  protected Connection jdbc() throws java.sql.SQLException {
    return env.database();
  }

  protected Http.Response signup(String token, String key, String teamId, String dependantId, String... packages) {
    return http.send("POST", "/v1/family-doctor/signups", token, "application/json", body(teamId, dependantId, packages).encode(),
        Map.of("Idempotency-Key", key));
  }

  protected static JsonObject body(String teamId, String dependantId, String... packages) {
    JsonObject body = new JsonObject().put("teamId", teamId).put("packages", new JsonArray(List.of(packages))).put("agreementVersion", "2026.1");
    if (dependantId != null) body.put("dependantId", dependantId);
    return body;
  }

  protected Http.Response decide(String token, String id, JsonObject decision) {
    return http.send("POST", "/v1/family-doctor/signups/" + id + "/decision", token, "application/json", decision.encode(), Map.of());
  }

  protected static Set<String> ids(JsonObject list) {
    Set<String> ids = new java.util.HashSet<>();
    list.getJsonArray("items").forEach(i -> ids.add(((JsonObject) i).getString("id")));
    return ids;
  }
}
