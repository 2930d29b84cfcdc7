package org.healthportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Test helpers for health-tourism sites. */
public final class TourismSites {

  /** Demo sites in staff1's scope (Taishan) and staff2's (Laoshan). */
  public static final String TAISHAN = "e0000000-0000-4000-8000-000000000001";
  public static final String LAOSHAN = "e0000000-0000-4000-8000-000000000002";
  public static final String DONGPING_LAKE = "e0000000-0000-4000-8000-000000000008";

  private final Http http;

  public TourismSites(Http http) {
    this.http = http;
  }

  public List<JsonObject> all(String query) {
    return Listings.all(http, "/v1/tourism/sites", query);
  }

  public JsonObject get(String id) {
    Http.Response r = http.get("/v1/tourism/sites/" + id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  public String etag(String id) {
    return http.get("/v1/tourism/sites/" + id).header("ETag");
  }

  public Http.Response patch(String id, String token, String ifMatch, JsonObject patch) {
    return http.send("PATCH", "/v1/tourism/sites/" + id, token, "application/merge-patch+json", patch.encode(),
        ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
  }

  public Http.Response create(String token, JsonObject body) {
    return http.send("POST", "/v1/tourism/sites", token, "application/json", body.encode(), Map.of());
  }

  public Http.Response close(String id, String token) {
    return http.send("POST", "/v1/tourism/sites/" + id + "/close", token, "application/json", "", Map.of());
  }

  public Http.Response recommend(JsonObject request) {
    return http.send("POST", "/v1/tourism/recommendations", null, "application/json", request.encode(), Map.of());
  }

  public static JsonObject newSite(String nameZh, double lat, double lng) {
    return new JsonObject()
        .put("kind", "hot_spring").put("nameZh", nameZh).put("nameEn", "Test Spring " + nameZh.hashCode())
        .put("descriptionZh", "测试用温泉。").put("regionCode", "370102")
        .put("location", new JsonObject().put("lat", lat).put("lng", lng))
        .put("openMonths", new JsonArray(List.of(1, 2, 3, 10, 11, 12))).put("bestMonths", new JsonArray(List.of(12, 1)))
        .put("accessibility", new JsonArray(List.of("step_free", "wheelchair", "elderly_lodging", "medical_point")))
        .put("services", new JsonArray(List.of("hot_spring_therapy", "physiotherapy")))
        .put("priceLevel", 2);
  }
}
