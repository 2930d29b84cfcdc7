package org.healthportal.familydoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.healthportal.residents.IdNumbers;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

class TeamAdministrationTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void adminsCreateAndChangeTeamsWithOptimisticConcurrency() {
    String admin = env.token("admin1");
    Http.Response created = http.send("POST", "/v1/family-doctor/teams", admin, "application/json", team(3).encode(), Map.of());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    String etag = created.header("ETag");
    assertThat(etag).isEqualTo("\"v1\"");
    assertThat(created.json().getInteger("remainingCapacity")).isEqualTo(3);

    patch(id, admin, null, new JsonObject().put("panelCap", 5)).problem(428);
    Http.Response changed = patch(id, admin, etag, new JsonObject().put("panelCap", 5)
        .put("members", new JsonArray().add(new JsonObject().put("role", "general_practitioner").put("name", "刘医生"))));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().getInteger("version")).isEqualTo(2);
    assertThat(changed.json().getJsonArray("members")).hasSize(1);
    patch(id, admin, etag, new JsonObject().put("panelCap", 6)).problem(412);

    // Two people sign up; the cap cannot go below them.
    for (int i = 0; i < 2; i++) {
      String token = org.healthportal.support.ResidentFixtures.withProfile(env, "resident2");
      String dep = http.send("POST", "/v1/me/dependants", token, "application/json", new JsonObject().put("name", "团队" + i)
          .put("relation", "child").put("idNumber", IdNumbers.valid("370102", LocalDate.of(2015, 3, 1).plusDays(new java.util.Random().nextInt(3000)), 500 + i))
          .put("residenceRegion", "370102").encode(), Map.of()).json().getString("id");
      assertThat(http.send("POST", "/v1/family-doctor/signups", token, "application/json", new JsonObject().put("teamId", id)
          .put("dependantId", dep).put("packages", new JsonArray().add("basic")).put("agreementVersion", "2026.1").encode(),
          Map.of("Idempotency-Key", UUID.randomUUID().toString())).status()).isEqualTo(201);
    }
    JsonObject refused = patch(id, admin, http.get("/v1/family-doctor/teams/" + id).header("ETag"), new JsonObject().put("panelCap", 1)).problem(409);
    assertThat(refused.getString("type")).endsWith("/cap-below-panel");
    assertThat(refused.getString("detail")).contains("2");
  }

  @Test
  void onlyAdminsAndOnlyKnownReferences() {
    http.send("POST", "/v1/family-doctor/teams", env.token("staff1"), "application/json", team(3).encode(), Map.of()).problem(403);
    JsonObject p = http.send("POST", "/v1/family-doctor/teams", env.token("admin1"), "application/json",
        team(3).put("packages", new JsonArray().add("basic").add("spa")).encode(), Map.of()).problem(400);
    assertThat(p.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/packages");
    // The facility and the regions are checked through their features' published reads.
    JsonObject facility = http.send("POST", "/v1/family-doctor/teams", env.token("admin1"), "application/json",
        team(3).put("facilityId", "00000000-0000-4000-8000-00000000dead").encode(), Map.of()).problem(400);
    assertThat(facility.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/facilityId");
    JsonObject area = http.send("POST", "/v1/family-doctor/teams", env.token("admin1"), "application/json",
        team(3).put("serviceArea", new JsonArray().add("370102").add("379999")).encode(), Map.of()).problem(400);
    assertThat(area.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/serviceArea");
  }

  private Http.Response patch(String id, String token, String ifMatch, JsonObject body) {
    return http.send("PATCH", "/v1/family-doctor/teams/" + id, token, "application/merge-patch+json", body.encode(),
        ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
  }

  private static JsonObject team(int cap) {
    return new JsonObject().put("facilityId", HEALTH_CENTRE_2).put("nameZh", "管理测试团队").put("serviceArea", new JsonArray().add("370102"))
        .put("panelCap", cap).put("packages", new JsonArray().add("basic").add("elderly_65"))
        .put("members", new JsonArray().add(new JsonObject().put("role", "nurse").put("name", "王护士")));
  }
}
