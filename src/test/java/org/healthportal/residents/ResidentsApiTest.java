package org.healthportal.residents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Probing.answersAsIfMissing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.LogCapture;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/** Profiles and dependants: ID numbers checked, encrypted at rest, masked in responses, absent from logs. */
class ResidentsApiTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void aFullProfileAndHouseholdFlowLeavesNoPlaintextInResponsesTheDatabaseOrTheLogs() throws Exception {
    String token = env.token("resident1");
    String ownId = "11010519491231002x";
    String phone = "13812345678";
    String parentId = IdNumbers.valid("370102", LocalDate.of(1950, 3, 14), 211);
    String childId = IdNumbers.valid("370102", LocalDate.of(2022, 6, 1), 124);

    LogCapture logs = LogCapture.open();
    StringBuilder responses = new StringBuilder();
    try {
      Http.Response put = put("/v1/me/profile", token, new JsonObject().put("idNumber", ownId).put("phone", phone)
          .put("residenceRegion", "370102").put("conditions", new JsonArray().add("hypertension")));
      responses.append(put.body());
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      JsonObject profile = put.json();
      assertThat(profile.getString("idNumberMasked")).isEqualTo("110105********002X");
      assertThat(profile.getString("phoneMasked")).isEqualTo("138****5678");
      assertThat(profile.getString("birthDate")).isEqualTo("1949-12-31");
      assertThat(profile.getString("sex")).isEqualTo("female");
      assertThat(profile.getInteger("age")).isGreaterThanOrEqualTo(76);

      Http.Response parent = post("/v1/me/dependants", token, dependant("王秀英", "parent", parentId));
      Http.Response child = post("/v1/me/dependants", token, dependant("李小宝", "child", childId));
      responses.append(parent.body()).append(child.body());
      assertThat(parent.status()).as(parent.body()).isEqualTo(201);
      assertThat(child.status()).isEqualTo(201);
      assertThat(parent.json().getString("idNumberMasked")).isEqualTo(parentId.substring(0, 6) + "********" + parentId.substring(14));

      Http.Response listed = http.get("/v1/me/dependants", token);
      Http.Response fetched = http.get("/v1/me/profile", token);
      responses.append(listed.body()).append(fetched.body());
      assertThat(listed.json().getJsonArray("items")).hasSize(2);

      // Duplicates and bad numbers fail without echoing the number either.
      Http.Response duplicate = post("/v1/me/dependants", token, dependant("王秀英", "parent", parentId));
      responses.append(duplicate.body());
      duplicate.problem(409);
      Http.Response invalid = put("/v1/me/profile", token, new JsonObject().put("idNumber", "110105194912310021").put("residenceRegion", "370102"));
      responses.append(invalid.body());
      invalid.problem(400);

      // Clean up the household for reruns within one test run.
      for (Object d : listed.json().getJsonArray("items")) {
        assertThat(http.send("DELETE", "/v1/me/dependants/" + ((JsonObject) d).getString("id"), token, null, null, Map.of()).status()).isEqualTo(204);
      }
    } finally {
      logs.close();
    }

    for (String secret : List.of("11010519491231002", phone, parentId, childId)) {
      assertThat(responses.toString()).as("responses").doesNotContain(secret);
      assertThat(logs.lines()).as("log lines").noneMatch(line -> line.contains(secret));
    }
    assertThat(logs.lines()).as("the flow was logged at all").isNotEmpty();

    try (Connection c = env.database();
         ResultSet rs = c.createStatement().executeQuery("SELECT p.*::text AS row FROM resident_profile p UNION ALL SELECT d.*::text FROM dependant d")) {
      while (rs.next()) {
        String row = rs.getString("row");
        assertThat(row).doesNotContain("11010519491231002").doesNotContain(phone).doesNotContain(parentId).doesNotContain(childId);
      }
    }
  }

  /**
   * A citizen, a Hong Kong, Macau and Taiwan resident (residence permits 810000, 820000, 830000) and
   * a foreign permanent resident (2023 card, first digit 9) are all household members, shown masked.
   */
  @Test
  void dependantsWithEveryKindOfIdNumberAreRegisteredAndShownMasked() {
    String token = env.token("resident1");
    put("/v1/me/profile", token, new JsonObject().put("idNumber", "11010519491231002X").put("residenceRegion", "370102"));
    List<String> ids = List.of(
        IdNumbers.valid("370102", LocalDate.of(1961, 8, 8), 515),
        IdNumbers.valid("810000", LocalDate.of(1962, 9, 9), 516),
        IdNumbers.valid("820000", LocalDate.of(1963, 10, 10), 517),
        IdNumbers.valid("830000", LocalDate.of(1964, 11, 11), 518),
        IdNumbers.valid("937156", LocalDate.of(1965, 12, 12), 519));
    StringBuilder responses = new StringBuilder();
    List<String> created = new ArrayList<>();
    try {
      for (String id : ids) {
        // A lowercase x is the same number; the masked form shows it upper-case.
        Http.Response r = post("/v1/me/dependants", token, dependant("家属", "other", id.toLowerCase()));
        responses.append(r.body());
        assertThat(r.status()).as(id.substring(0, 6) + ": " + r.body()).isEqualTo(201);
        created.add(r.json().getString("id"));
        assertThat(r.json().getString("idNumberMasked")).isEqualTo(id.substring(0, 6) + "********" + id.substring(14));
        assertThat(r.json().getString("birthDate")).isEqualTo(LocalDate.parse(id.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE).toString());
      }
      Http.Response listed = http.get("/v1/me/dependants", token);
      responses.append(listed.body());
      assertThat(listed.json().getJsonArray("items").stream().map(d -> ((JsonObject) d).getString("idNumberMasked")))
          .containsAll(ids.stream().map(id -> id.substring(0, 6) + "********" + id.substring(14)).toList());
      for (String id : ids) assertThat(responses.toString()).doesNotContain(id.substring(0, 14));
    } finally {
      for (String id : created) http.send("DELETE", "/v1/me/dependants/" + id, token, null, null, Map.of());
    }
  }

  @Test
  void invalidIdNumbersAre400NamingTheField() {
    String token = env.token("resident2");
    String feb30 = IdNumbers.valid("370102", LocalDate.of(1990, 2, 28), 123).replace("19900228", "19900230");
    for (String bad : List.of("11010519491231002Y", "110105194912310021", feb30, IdNumbers.valid("370102", LocalDate.now().plusYears(1), 5),
        "11010519491231002", "11010519491231002XX", "１１０１０５１９４９１２３１００２Ｘ", "1101051949123 002X",
        IdNumbers.valid("810001", LocalDate.of(1970, 1, 1), 1), IdNumbers.valid("710000", LocalDate.of(1970, 1, 1), 1),
        IdNumbers.valid("010105", LocalDate.of(1970, 1, 1), 1), IdNumbers.valid("937156", LocalDate.now().plusDays(2), 1),
        wrongCheck(IdNumbers.valid("937156", LocalDate.of(1970, 1, 1), 1)), wrongCheck(IdNumbers.valid("830000", LocalDate.of(1970, 1, 1), 1)))) {
      JsonObject p = put("/v1/me/profile", token, new JsonObject().put("idNumber", bad).put("residenceRegion", "370102")).problem(400);
      assertThat(p.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/idNumber");
      assertThat(p.encode()).doesNotContain(bad);
    }
    put("/v1/me/profile", token, new JsonObject().put("idNumber", "440524188001010014").put("residenceRegion", "379999")).problem(400);
  }

  @Test
  void oneIdNumberBelongsToOneAccount() {
    String id = IdNumbers.valid("370203", LocalDate.of(1985, 7, 7), 333);
    assertThat(put("/v1/me/profile", env.token("resident2"), new JsonObject().put("idNumber", id).put("residenceRegion", "370203")).status())
        .isEqualTo(200);
    JsonObject p = put("/v1/me/profile", env.token("resident1"), new JsonObject().put("idNumber", id).put("residenceRegion", "370102")).problem(409);
    assertThat(p.getString("type")).endsWith("/id-number-registered");
  }

  @Test
  void householdsArePrivateAndProfilesAreForResidents() {
    String owner = env.token("resident1");
    put("/v1/me/profile", owner, new JsonObject().put("idNumber", "11010519491231002X").put("residenceRegion", "370102"));
    String id = post("/v1/me/dependants", owner, dependant("张伟", "spouse", IdNumbers.valid("370102", LocalDate.of(1948, 1, 2), 17)))
        .json().getString("id");
    // Another account's household member is answered exactly as one that does not exist.
    String other = ResidentFixtures.withProfile(env, "resident2");
    String teamId = http.get("/v1/family-doctor/teams?facility=" + Facilities.HEALTH_CENTRE_2).json().getJsonArray("items").getJsonObject(0).getString("id");
    answersAsIfMissing(id, 404, x -> http.send("DELETE", "/v1/me/dependants/" + x, other, null, null, Map.of()));
    answersAsIfMissing(id, 404, x -> http.get("/v1/family-doctor/eligibility?dependantId=" + x, other));
    answersAsIfMissing(id, 404, x -> http.send("POST", "/v1/family-doctor/signups", other, "application/json", new JsonObject()
        .put("teamId", teamId).put("dependantId", x).put("packages", new JsonArray().add("basic")).put("agreementVersion", "2026.1").encode(),
        Map.of("Idempotency-Key", UUID.randomUUID().toString())));
    assertThat(http.get("/v1/me/dependants", env.token("resident2")).json().getJsonArray("items").stream()
        .map(d -> ((JsonObject) d).getString("id"))).doesNotContain(id);
    assertThat(http.send("DELETE", "/v1/me/dependants/" + id, owner, null, null, Map.of()).status()).isEqualTo(204);
    http.get("/v1/me/profile", env.token("staff1")).problem(403);
    http.get("/v1/me/profile").problem(401);
  }

  @Test
  void dependantsNeedTheOwnersProfileFirst() {
    env.keycloakAdmin().ensureUser("resident9", "resident9-pass", "resident");
    JsonObject p = post("/v1/me/dependants", env.token("resident9"), dependant("赵六", "parent", IdNumbers.valid("370102", LocalDate.of(1940, 5, 5), 9)))
        .problem(409);
    assertThat(p.getString("type")).endsWith("/profile-required");
    http.get("/v1/me/profile", env.token("resident9")).problem(404);
  }

  @Test
  void servicePackagesArePublic() {
    JsonArray items = http.get("/v1/family-doctor/packages").json().getJsonArray("items");
    assertThat(items.stream().map(i -> ((JsonObject) i).getString("code")).toList())
        .contains("basic", "elderly_65", "hypertension", "diabetes", "maternal", "child_0_6", "disability", "tcm", "home_visit");
    assertThat(items.getJsonObject(0).getString("code")).isEqualTo("basic");
    assertThat(items.getJsonObject(0).getInteger("yearlyFee")).isZero();
  }

  private static String wrongCheck(String id) {
    return id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
  }

  private static JsonObject dependant(String name, String relation, String idNumber) {
    return new JsonObject().put("name", name).put("relation", relation).put("idNumber", idNumber).put("residenceRegion", "370102");
  }

  private Http.Response put(String path, String token, JsonObject body) {
    return http.send("PUT", path, token, "application/json", body.encode(), Map.of());
  }

  private Http.Response post(String path, String token, JsonObject body) {
    return http.send("POST", path, token, "application/json", body.encode(), Map.of());
  }
}
