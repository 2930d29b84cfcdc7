package org.healthportal.facilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.CARE_HOME_1;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;
import static org.healthportal.support.Facilities.QINGDAO_3;
import static org.healthportal.support.Facilities.enc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.healthportal.support.Poll;
import java.time.Duration;

/** Staff self-service and administration, with reads right after every kind of write. */
class FacilityEditingTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final Facilities facilities = new Facilities(http);

  @Test
  void aPatchIsVisibleToTheNextReadsOfDetailAndSearch() {
    String staff = env.token("staff1");
    JsonObject before = facilities.get(CARE_HOME_1);
    http.get("/v1/facilities?q=" + enc(before.getString("nameZh"))); // warm the caches
    String newName = "颐和测试养老院" + UUID.randomUUID().toString().substring(0, 6);
    Http.Response r = facilities.patch(CARE_HOME_1, staff, etagOf(CARE_HOME_1),
        new JsonObject().put("nameZh", newName).put("phone", "0531-88880000").put("openingHours", "24h"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getInteger("version")).isEqualTo(before.getInteger("version") + 1);
    assertThat(r.header("ETag")).contains("v" + (before.getInteger("version") + 1));

    assertThat(facilities.get(CARE_HOME_1).getString("nameZh")).isEqualTo(newName);
    assertThat(facilities.all("q=" + enc(newName))).extracting(f -> f.getString("id")).containsExactly(CARE_HOME_1);
    assertThat(facilities.all("q=" + enc(before.getString("nameZh")))).extracting(f -> f.getString("id")).doesNotContain(CARE_HOME_1);

    JsonArray history = http.get("/v1/facilities/" + CARE_HOME_1 + "/history", staff).json().getJsonArray("items");
    JsonObject latest = history.getJsonObject(0);
    assertThat(latest.getInteger("version")).isEqualTo(before.getInteger("version") + 1);
    assertThat(latest.getString("action")).isEqualTo("update");
    assertThat(latest.getString("changedByName")).isEqualTo("staff1");
    assertThat(latest.getJsonArray("fields").getList()).containsExactlyInAnyOrder("nameZh", "phone", "openingHours");
  }

  @Test
  void mergePatchNullClearsOptionalFieldsAndNestedObjectsMerge() {
    String staff = env.token("staff1");
    facilities.patch(HEALTH_CENTRE_2, staff, etagOf(HEALTH_CENTRE_2),
        new JsonObject().put("nameEn", "Lixia Test Centre").put("medical", new JsonObject().put("greenChannel", true).put("partnerHospital", "山东省立医院")));
    Http.Response r = facilities.patch(HEALTH_CENTRE_2, staff, etagOf(HEALTH_CENTRE_2),
        new JsonObject().putNull("nameEn").put("medical", new JsonObject().putNull("partnerHospital")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject after = facilities.get(HEALTH_CENTRE_2);
    assertThat(after.containsKey("nameEn")).isFalse();
    assertThat(after.getJsonObject("medical").getBoolean("greenChannel")).isTrue();
    assertThat(after.getJsonObject("medical").containsKey("partnerHospital")).isFalse();
  }

  @Test
  void bedReportsShowUpInDetailAndSearchAndAreFresh() {
    String staff = env.token("staff1");
    Http.Response r = facilities.reportBeds(CARE_HOME_1, staff, new JsonArray()
        .add(new JsonObject().put("careLevel", "dementia").put("total", 40).put("free", 0).put("nursing", 30))
        .add(new JsonObject().put("careLevel", "self_care").put("total", 80).put("free", 17)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject detail = facilities.get(CARE_HOME_1);
    JsonObject dementia = beds(detail, "dementia");
    assertThat(dementia.getInteger("free")).isZero();
    assertThat(dementia.getInteger("nursing")).isEqualTo(30);
    assertThat(dementia.getBoolean("stale")).isFalse();
    assertThat(beds(detail, "self_care").getInteger("free")).isEqualTo(17);
    assertThat(facilities.all("careLevel=dementia&hasVacancy=true")).extracting(f -> f.getString("id")).doesNotContain(CARE_HOME_1);
    assertThat(facilities.all("careLevel=self_care&hasVacancy=true&region=370102"))
        .filteredOn(f -> f.getString("id").equals(CARE_HOME_1)).singleElement()
        .satisfies(f -> assertThat(f.getInteger("freeBeds")).isEqualTo(17));

    facilities.reportBeds(CARE_HOME_1, staff, new JsonArray().add(new JsonObject().put("careLevel", "dementia").put("total", 40).put("free", 3)));
    assertThat(facilities.all("careLevel=dementia&hasVacancy=true")).extracting(f -> f.getString("id")).contains(CARE_HOME_1);
    assertThat(beds(facilities.get(CARE_HOME_1), "dementia").getInteger("nursing")).as("kept when not reported").isEqualTo(30);
  }

  @Test
  void bedFiguresMustBeConsistent() {
    String staff = env.token("staff1");
    JsonObject p = facilities.reportBeds(CARE_HOME_1, staff, new JsonArray()
        .add(new JsonObject().put("careLevel", "self_care").put("total", 10).put("free", 11))).problem(400);
    assertThat(p.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/beds/0/free");
    p = facilities.reportBeds(HEALTH_CENTRE_2, staff, new JsonArray()
        .add(new JsonObject().put("careLevel", "self_care").put("total", 10).put("free", 1))).problem(400);
    assertThat(p.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/beds/0/careLevel");
    p = facilities.reportBeds(CARE_HOME_1, staff, new JsonArray()
        .add(new JsonObject().put("careLevel", "self_care").put("total", -1).put("free", 0))).problem(400);
    assertThat(p.getJsonArray("errors").getJsonObject(0).getString("field")).contains("total");
  }

  @Test
  void twoStaffEditingTheSameVersionOneWinsTheOtherGets412() {
    String etag = etagOf(CARE_HOME_1);
    Http.Response first = facilities.patch(CARE_HOME_1, env.token("staff1"), etag, new JsonObject().put("openingHours", "08:00-20:00"));
    Http.Response second = facilities.patch(CARE_HOME_1, env.token("admin1"), etag, new JsonObject().put("phone", "0531-12345678"));
    assertThat(first.status()).isEqualTo(200);
    JsonObject p = second.problem(412);
    assertThat(p.getString("type")).endsWith("/precondition-failed");
    JsonObject now = facilities.get(CARE_HOME_1);
    assertThat(now.getString("openingHours")).isEqualTo("08:00-20:00");
    assertThat(now.getString("phone")).isNotEqualTo("0531-12345678");

    Http.Response retried = facilities.patch(CARE_HOME_1, env.token("admin1"), etagOf(CARE_HOME_1), new JsonObject().put("phone", "0531-12345678"));
    assertThat(retried.status()).isEqualTo(200);
    JsonObject merged = facilities.get(CARE_HOME_1);
    assertThat(merged.getString("openingHours")).as("first change kept").isEqualTo("08:00-20:00");
    assertThat(merged.getString("phone")).isEqualTo("0531-12345678");
  }

  @Test
  void concurrentPatchesFromOneVersionNeverBothWin() throws Exception {
    String etag = etagOf(HEALTH_CENTRE_2);
    String token = env.token("staff1");
    List<java.util.concurrent.CompletableFuture<Integer>> results = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String hours = "0" + i + ":00-18:00";
      results.add(java.util.concurrent.CompletableFuture.supplyAsync(() ->
          facilities.patch(HEALTH_CENTRE_2, token, etag, new JsonObject().put("openingHours", hours)).status()));
    }
    List<Integer> statuses = results.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    assertThat(statuses).containsOnly(200, 412);
    assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
  }

  @Test
  void preconditionsAndNonEditableFields() {
    String staff = env.token("staff1");
    JsonObject p = facilities.patch(CARE_HOME_1, staff, null, new JsonObject().put("phone", "0531-1")).problem(428);
    assertThat(p.getString("type")).endsWith("/precondition-required");
    facilities.patch(CARE_HOME_1, staff, "\"v0\"", new JsonObject().put("phone", "0531-1")).problem(412);
    for (String field : List.of("id", "version", "rating", "regionCode", "kind", "status", "beds", "demo")) {
      JsonObject bad = facilities.patch(CARE_HOME_1, staff, etagOf(CARE_HOME_1), new JsonObject().put(field, 1)).problem(400);
      assertThat(bad.getString("detail")).as(field).contains(field);
      assertThat(bad.getJsonArray("errors").getJsonObject(0).getString("field")).as(field).contains(field);
    }
    JsonObject nullName = facilities.patch(CARE_HOME_1, staff, etagOf(CARE_HOME_1), new JsonObject().putNull("nameZh")).problem(400);
    assertThat(nullName.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/nameZh");
    JsonObject price = facilities.patch(HEALTH_CENTRE_2, staff, etagOf(HEALTH_CENTRE_2), new JsonObject().put("prices",
        new JsonArray().add(new JsonObject().put("careLevel", "dementia").put("minMonthly", 1)))).problem(400);
    assertThat(price.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/prices/0/careLevel");
  }

  @Test
  void onlyTheFacilitysStaffOrAnAdminMayChangeIt() {
    JsonObject patch = new JsonObject().put("openingHours", "never");
    assertThat(facilities.patch(CARE_HOME_1, env.token("staff2"), etagOf(CARE_HOME_1), patch).problem(403).getString("detail")).contains("scope");
    facilities.patch(QINGDAO_3, env.token("staff1"), etagOf(QINGDAO_3), patch).problem(403);
    facilities.patch(CARE_HOME_1, env.token("resident1"), etagOf(CARE_HOME_1), patch).problem(403);
    facilities.patch(CARE_HOME_1, null, etagOf(CARE_HOME_1), patch).problem(401);
    facilities.reportBeds(CARE_HOME_1, env.token("resident1"), new JsonArray().add(new JsonObject().put("careLevel", "self_care").put("total", 1).put("free", 1))).problem(403);
    http.get("/v1/facilities/" + QINGDAO_3 + "/history", env.token("staff1")).problem(403);
    http.get("/v1/facilities/" + CARE_HOME_1 + "/history", env.token("resident1")).problem(403);
    assertThat(http.get("/v1/facilities/" + QINGDAO_3 + "/history", env.token("staff2")).status()).isEqualTo(200);
    assertThat(http.get("/v1/facilities/" + QINGDAO_3 + "/history", env.token("admin1")).status()).isEqualTo(200);
    http.send("POST", "/v1/facilities", env.token("staff1"), "application/json",
        Facilities.newCareHome("员工不能创建", "Nope", 36.6, 117.0).encode(), Map.of()).problem(403);
    http.send("POST", "/v1/facilities/" + CARE_HOME_1 + "/close", env.token("staff1"), null, null, Map.of()).problem(403);
  }

  @Test
  void adminsCreateAndCloseFacilities() {
    String admin = env.token("admin1");
    String name = "泉城测试颐养中心" + UUID.randomUUID().toString().substring(0, 6);
    JsonObject created = facilities.create(admin, Facilities.newCareHome(name, "Quancheng Test Care", 36.661, 117.021));
    String id = created.getString("id");
    assertThat(created.getInteger("version")).isEqualTo(1);
    assertThat(created.getJsonArray("careLevels").getList()).containsExactly("self_care", "full_disability");
    assertThat(facilities.all("q=" + enc(name))).extracting(f -> f.getString("id")).containsExactly(id);
    assertThat(facilities.all("near=36.661,117.021&radiusKm=1")).extracting(f -> f.getString("id")).contains(id);

    Http.Response closed = http.send("POST", "/v1/facilities/" + id + "/close", admin, null, null, Map.of());
    assertThat(closed.status()).isEqualTo(200);
    assertThat(closed.json().getString("status")).isEqualTo("closed");
    assertThat(facilities.all("q=" + enc(name))).isEmpty();
    assertThat(facilities.all("near=36.661,117.021&radiusKm=1")).extracting(f -> f.getString("id")).doesNotContain(id);
    assertThat(facilities.get(id).getString("status")).isEqualTo("closed");
    JsonArray history = http.get("/v1/facilities/" + id + "/history", admin).json().getJsonArray("items");
    assertThat(history.stream().map(h -> ((JsonObject) h).getString("action")).toList()).containsExactly("close", "create");

    JsonObject unknownRegion = Facilities.newCareHome("未知地区", "Unknown", 36.6, 117.0).put("regionCode", "379999");
    JsonObject p = http.send("POST", "/v1/facilities", admin, "application/json", unknownRegion.encode(), Map.of()).problem(400);
    assertThat(p.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/regionCode");
  }

  @Test
  void paginationWhileItemsAreUpdatedNeitherRepeatsNorSkips() {
    String staff = env.token("staff1");
    String admin = env.token("admin1");
    List<String> before = facilities.all("region=370100&sort=name").stream().map(f -> f.getString("id")).toList();
    List<String> seen = new java.util.ArrayList<>();
    String cursor = null;
    int page = 0;
    do {
      JsonObject body = http.get("/v1/facilities?region=370100&sort=name&limit=15" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      body.getJsonArray("items").forEach(i -> seen.add(((JsonObject) i).getString("id")));
      cursor = body.getString("nextCursor");
      // Change things between pages: beds, a phone number, and a brand-new facility.
      facilities.reportBeds(CARE_HOME_1, staff, new JsonArray().add(new JsonObject().put("careLevel", "self_care").put("total", 50).put("free", page % 5)));
      facilities.patch(HEALTH_CENTRE_2, staff, etagOf(HEALTH_CENTRE_2), new JsonObject().put("phone", "0531-8000000" + page));
      if (page == 1) facilities.create(admin, Facilities.newCareHome("页中新建" + UUID.randomUUID().toString().substring(0, 4), null, 36.66, 117.05));
      page++;
    } while (cursor != null);
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen).containsAll(before);
  }

  @Test
  void detailHasETagsAnd304() {
    Http.Response r = http.get("/v1/facilities/" + QINGDAO_3);
    String etag = r.header("ETag");
    assertThat(etag).matches("\"v\\d+(-stale)?\"");
    assertThat(http.send("GET", "/v1/facilities/" + QINGDAO_3, null, null, null, Map.of("If-None-Match", etag)).status()).isEqualTo(304);
  }

  @Test
  void withRedisStoppedSearchesAndWritesStillWorkAndTheServiceRecovers() throws Exception {
    String query = "region=370200&sort=name";
    List<String> before = facilities.all(query).stream().map(f -> f.getString("id")).toList();
    String hours = "Redis-down " + UUID.randomUUID().toString().substring(0, 6);
    env.redis.stop();
    try {
      assertThat(facilities.all(query).stream().map(f -> f.getString("id")).toList()).isEqualTo(before);
      Http.Response r = facilities.patch(QINGDAO_3, env.token("staff2"), etagOf(QINGDAO_3), new JsonObject().put("openingHours", hours));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(facilities.get(QINGDAO_3).getString("openingHours")).isEqualTo(hours);
    } finally {
      env.redis.startAgain();
    }
    Poll.until("readiness UP after Redis came back", Duration.ofSeconds(30),
        () -> "UP".equals(http.get("/health/ready").json().getString("status")));
    assertThat(facilities.get(QINGDAO_3).getString("openingHours")).isEqualTo(hours);
    assertThat(facilities.all(query).stream().map(f -> f.getString("id")).toList()).isEqualTo(before);
  }

  private String etagOf(String id) {
    return http.get("/v1/facilities/" + id).header("ETag");
  }

  private static JsonObject beds(JsonObject facility, String level) {
    return facility.getJsonArray("beds").stream().map(JsonObject.class::cast)
        .filter(b -> level.equals(b.getString("careLevel"))).findFirst().orElseThrow();
  }
}
