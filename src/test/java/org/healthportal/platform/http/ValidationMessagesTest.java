package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * Validation answers list every failing input with its rule in words taken from the contract, in
 * English, or in Chinese when the request prefers it; so do the problems of the features.
 */
class ValidationMessagesTest {

  private static final String ZH = "zh-CN,zh;q=0.9,en;q=0.5";
  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  private static final String RECOMMENDATION = new JsonObject()
      .put("month", "11")
      .put("kinds", new JsonArray().add("seaside").add("moon"))
      .put("origin", new JsonObject().put("lat", 100))
      .put("tripDays", 31)
      .put("pets", true)
      .encode();

  @Test
  void everyFailingFieldOfABodyIsListedWithItsRule() {
    JsonObject p = post("/v1/tourism/recommendations", RECOMMENDATION, null).problem(400);
    assertThat(p.getString("type")).isEqualTo(Problem.TYPE_BASE + "validation");
    assertThat(p.getString("title")).isEqualTo("Request is not valid");
    assertThat(errors(p, "body")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "/month", "must be an integer from 1 to 12",
        "/kinds/1", "must be one of seaside, mountain_forest, hot_spring, rural, tcm",
        "/origin/lng", "is required",
        "/origin/lat", "must be a number from -90 to 90",
        "/tripDays", "must be an integer from 1 to 30",
        "/pets", "is an unknown property (allowed: kinds, month, origin, region, maxDistanceKm, mobility, services, budget, tripDays, limit)"));
    assertThat(p.getString("detail")).startsWith("6 inputs are not valid: ")
        .contains("body field /month must be an integer from 1 to 12; ")
        .endsWith("; and 1 more, listed in errors.");
  }

  @Test
  void theSameInChinese() {
    Http.Response r = post("/v1/tourism/recommendations", RECOMMENDATION, ZH);
    JsonObject p = r.problem(400);
    assertThat(r.header("Content-Language")).isEqualTo("zh-CN");
    assertThat(r.header("Vary")).contains("Accept-Language");
    assertThat(p.getString("type")).isEqualTo(Problem.TYPE_BASE + "validation");
    assertThat(p.getString("title")).isEqualTo("请求无效");
    assertThat(errors(p, "body")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "/month", "必须是 1 到 12 之间的整数",
        "/kinds/1", "必须是以下之一：seaside、mountain_forest、hot_spring、rural、tcm",
        "/origin/lng", "为必填项",
        "/origin/lat", "必须是 -90 到 90 之间的数字",
        "/tripDays", "必须是 1 到 30 之间的整数",
        "/pets", "是未知属性（允许的属性：kinds、month、origin、region、maxDistanceKm、mobility、services、budget、tripDays、limit）"));
    assertThat(p.getString("detail")).startsWith("请求中有 6 处输入无效：")
        .contains("请求体字段 /month 必须是 1 到 12 之间的整数；").endsWith("；另有 1 处，见 errors。");
  }

  @Test
  void everyFailingQueryParameterIsListedInBothLanguages() {
    String query = "/v1/tourism/sites?month=13&kind=seaside&kind=moon&maxPriceLevel=0&q=&sort=cheapest";
    JsonObject en = http.get(query).problem(400);
    assertThat(errors(en, "query")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "month", "must be an integer from 1 to 12",
        "kind", "each value must be one of seaside, mountain_forest, hot_spring, rural, tcm",
        "maxPriceLevel", "must be an integer from 1 to 4",
        "q", "must be 1 to 100 characters long",
        "sort", "must be one of distance, priceLevel, name"));
    assertThat(en.getString("detail")).startsWith("5 inputs are not valid: ").contains("query parameter month must be an integer from 1 to 12");

    JsonObject zh = get(query, ZH).problem(400);
    assertThat(errors(zh, "query")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "month", "必须是 1 到 12 之间的整数",
        "kind", "每个值都必须是以下之一：seaside、mountain_forest、hot_spring、rural、tcm",
        "maxPriceLevel", "必须是 1 到 4 之间的整数",
        "q", "长度必须在 1 到 100 个字符之间",
        "sort", "必须是以下之一：distance、priceLevel、name"));
    assertThat(zh.getString("detail")).contains("查询参数 month 必须是 1 到 12 之间的整数");

    JsonObject one = get("/v1/facilities?limit=500", ZH).problem(400);
    assertThat(one.getString("detail")).isEqualTo("查询参数 limit 必须是 1 到 100 之间的整数。");
    assertThat(http.get("/v1/facilities?limit=500").problem(400).getString("detail"))
        .isEqualTo("The query parameter limit must be an integer from 1 to 100.");
  }

  @Test
  void headerPathAndBodyFailuresComeTogether() {
    // No Idempotency-Key, a team id that is no uuid, no packages.
    String body = new JsonObject().put("teamId", "team-1").put("packages", new JsonArray()).put("agreementVersion", "2026-01").encode();
    JsonObject p = http.send("POST", "/v1/family-doctor/signups", env.token("resident1"), "application/json", body, Map.of()).problem(400);
    assertThat(errors(p, "header")).containsExactly(Map.entry("Idempotency-Key", "is required"));
    assertThat(errors(p, "body")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "/teamId", "must match the format uuid (e.g. 3f2504e0-4f89-41d3-9a0c-0305e82c3301)",
        "/packages", "must have 1 to 10 items"));

    JsonObject patch = new Facilities(http).patch(Facilities.CARE_HOME_1, env.token("staff1"), "\"v1\"",
        new JsonObject().put("nameEn", "x".repeat(201)).put("nameZh", "").put("rating", 5)).problem(400);
    assertThat(errors(patch, "body")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "/nameEn", "must be at most 200 characters",
        "/nameZh", "must be 1 to 200 characters long",
        "/rating", "is an unknown property (allowed: nameZh, nameEn, addressZh, addressEn, location, phone, openingHours, "
            + "ownership, services, medical, insurance, careLevels, prices)"));

    JsonObject notJson = http.send("POST", "/v1/tourism/recommendations", null, "application/json", "{\"month\": 1,",
        Map.of("Accept-Language", "zh")).problem(400);
    assertThat(errors(notJson, "body")).containsExactly(Map.entry("body", "必须是有效的 JSON"));
    assertThat(notJson.getString("detail")).isEqualTo("请求体必须是有效的 JSON。");
  }

  @Test
  void theProblemsOfTheFeaturesAreTranslatedToo() {
    Http.Response notFound = get("/v1/facilities/d0000000-0000-4000-8000-0000000000ff", ZH);
    JsonObject p = notFound.problem(404);
    assertThat(p.getString("type")).isEqualTo(Problem.TYPE_BASE + "not-found");
    assertThat(p.getString("title")).isEqualTo("未找到");
    assertThat(p.getString("detail")).isEqualTo("不存在 ID 为 d0000000-0000-4000-8000-0000000000ff 的机构。");
    assertThat(http.get("/v1/facilities/d0000000-0000-4000-8000-0000000000ff").problem(404).getString("detail"))
        .isEqualTo("No facility with id d0000000-0000-4000-8000-0000000000ff.");

    JsonObject near = get("/v1/facilities?radiusKm=5", ZH).problem(400);
    assertThat(errors(near, "query")).containsExactly(Map.entry("radiusKm", "radiusKm 需要同时提供 near=lat,lng"));

    JsonObject ifMatch = http.send("PATCH", "/v1/facilities/" + Facilities.CARE_HOME_1, env.token("staff1"), "application/merge-patch+json",
        new JsonObject().put("phone", "0531-1").encode(), Map.of("Accept-Language", "zh-Hans")).problem(428);
    assertThat(ifMatch.getString("type")).isEqualTo(Problem.TYPE_BASE + "precondition-required");
    assertThat(ifMatch.getString("title")).isEqualTo("需要 If-Match");
    assertThat(ifMatch.getString("detail")).isEqualTo("请在 If-Match 中发送您所编辑版本的 ETag，以免覆盖他人同时所做的修改。");

    JsonObject unauthorized = get("/v1/me", "zh").problem(401);
    assertThat(unauthorized.getString("title")).isEqualTo("需要身份验证");
  }

  @Test
  void qValuesDecideTheLanguage() {
    assertThat(get("/v1/nothing-here", "en;q=0.4, zh-CN;q=0.8").problem(404).getString("title")).isEqualTo("未找到");
    assertThat(get("/v1/nothing-here", "zh-CN;q=0.4, en;q=0.8").problem(404).getString("title")).isEqualTo("Not found");
    assertThat(get("/v1/nothing-here", "fr, zh;q=0.1").problem(404).getString("title")).isEqualTo("未找到");
    Http.Response english = get("/v1/nothing-here", "de");
    assertThat(english.problem(404).getString("title")).isEqualTo("Not found");
    assertThat(english.header("Content-Language")).isEqualTo("en");
  }

  /** The errors of {@code p} in {@code in}, as field to detail; every one has the contract's shape. */
  private static Map<String, String> errors(JsonObject p, String in) {
    JsonArray errors = p.getJsonArray("errors");
    assertThat(errors).as("errors of %s", p).isNotNull();
    Map<String, String> out = new LinkedHashMap<>();
    for (Object o : errors) {
      JsonObject e = (JsonObject) o;
      if (e.getString("in").equals(in)) out.put(e.getString("field"), e.getString("detail"));
    }
    return out;
  }

  private Http.Response post(String path, String body, String acceptLanguage) {
    return http.send("POST", path, null, "application/json", body, acceptLanguage == null ? Map.of() : Map.of("Accept-Language", acceptLanguage));
  }

  private Http.Response get(String path, String acceptLanguage) {
    return http.send("GET", path, null, null, null, Map.of("Accept-Language", acceptLanguage));
  }
}
