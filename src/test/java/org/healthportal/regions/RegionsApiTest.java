package org.healthportal.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.healthportal.client.ApiException;
import org.healthportal.client.api.RegionsApi.APIGetRegionRequest;
import org.healthportal.client.api.RegionsApi.APIListRegionsRequest;
import org.healthportal.client.model.Region;
import org.healthportal.client.model.RegionDetail;
import org.healthportal.client.model.RegionLevel;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

class RegionsApiTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final org.healthportal.client.api.RegionsApi client = new org.healthportal.client.api.RegionsApi(env.client(null));

  @Test
  void listsTheSixteenCitiesOfShandong() throws ApiException {
    List<Region> cities = client.listRegions(APIListRegionsRequest.newBuilder().parent("370000").level(RegionLevel.CITY).build()).getItems();
    assertThat(cities).hasSize(16);
    assertThat(cities).extracting(Region::getCode).containsExactly(
        "370100", "370200", "370300", "370400", "370500", "370600", "370700", "370800",
        "370900", "371000", "371100", "371300", "371400", "371500", "371600", "371700");
    assertThat(cities.get(0).getNameZh()).isEqualTo("济南市");
    assertThat(cities.get(0).getNameEn()).isEqualTo("Jinan");
  }

  @Test
  void everyCountyLevelUnitHangsUnderACity() throws ApiException {
    List<Region> districts = client.listRegions(APIListRegionsRequest.newBuilder().level(RegionLevel.DISTRICT).build()).getItems();
    assertThat(districts).hasSize(136);
    assertThat(districts).allSatisfy(d -> assertThat(d.getParentCode()).matches("37\\d\\d00").isNotEqualTo("370000"));
  }

  @Test
  void oneRegionComesWithItsChildren() throws ApiException {
    RegionDetail jinan = client.getRegion(region("370100"));
    assertThat(jinan.getLevel()).isEqualTo(RegionLevel.CITY);
    // Laiwu merged into Jinan in 2019: its two districts are Jinan's now.
    assertThat(jinan.getChildren()).extracting(Region::getNameZh).contains("历下区", "莱芜区", "钢城区");
    assertThat(jinan.getChildren()).allSatisfy(c -> assertThat(c.getParentCode()).isEqualTo("370100"));
    assertThat(client.getRegion(region("370102")).getChildren()).isEmpty();
  }

  @Test
  void answersAreCachedInRedisAndStillCorrect() throws Exception {
    http.get("/v1/regions/370600");
    try (var conn = io.lettuce.core.RedisClient.create(env.redis.url()).connect()) {
      String generation = conn.sync().get("hp:gen:regions.v1");
      String cached = conn.sync().get("hp:regions.v1:" + generation + ":one:370600");
      assertThat(cached).isNotNull();
      assertThat(new JsonObject(cached).getString("nameEn")).isEqualTo("Yantai");
    }
    assertThat(http.get("/v1/regions/370600").json().getString("nameEn")).isEqualTo("Yantai");
  }

  @Test
  void unknownButWellFormedCodeIs404() {
    JsonObject p = http.get("/v1/regions/379999").problem(404);
    assertThat(p.getString("detail")).contains("379999");
    assertThatThrownBy(() -> client.getRegion(region("379999"))).isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(404));
  }

  @Test
  void invalidParametersAre400NamingTheField() {
    assertField(http.get("/v1/regions/abc").problem(400), "code", "path");
    assertField(http.get("/v1/regions?level=planet").problem(400), "level", "query");
    assertField(http.get("/v1/regions?parent=37").problem(400), "parent", "query");
    assertField(http.get("/v1/regions?parent=%27%3B%20DROP%20TABLE%20region%3B--").problem(400), "parent", "query");
  }

  private static void assertField(JsonObject problem, String field, String in) {
    assertThat(problem.getString("type")).endsWith("/validation");
    JsonArray errors = problem.getJsonArray("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.getJsonObject(0).getString("field")).isEqualTo(field);
    assertThat(errors.getJsonObject(0).getString("in")).isEqualTo(in);
    assertThat(problem.getString("detail")).contains(field);
  }

  private static APIGetRegionRequest region(String code) {
    return APIGetRegionRequest.newBuilder().code(code).build();
  }
}
