package org.healthportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Test helpers for the facilities directory. */
public final class Facilities {

  /** Demo facilities in staff1's scope (1, 2) and staff2's (3). */
  public static final String CARE_HOME_1 = "d0000000-0000-4000-8000-000000000001";
  public static final String HEALTH_CENTRE_2 = "d0000000-0000-4000-8000-000000000002";
  public static final String QINGDAO_3 = "d0000000-0000-4000-8000-000000000003";

  private final Http http;

  public Facilities(Http http) {
    this.http = http;
  }

  /** Every item of a facility search, following nextCursor; fails on a repeated id. */
  public List<JsonObject> all(String query) {
    return Listings.all(http, "/v1/facilities", query);
  }

  public JsonObject get(String id) {
    Http.Response r = http.get("/v1/facilities/" + id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  public Http.Response patch(String id, String token, String ifMatch, JsonObject patch) {
    return http.send("PATCH", "/v1/facilities/" + id, token, "application/merge-patch+json", patch.encode(),
        ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
  }

  public Http.Response reportBeds(String id, String token, JsonArray beds) {
    return http.send("PUT", "/v1/facilities/" + id + "/beds", token, "application/json", new JsonObject().put("beds", beds).encode(), Map.of());
  }

  /** Creates an active facility as admin1 and returns it. */
  public JsonObject create(String token, JsonObject body) {
    Http.Response r = http.send("POST", "/v1/facilities", token, "application/json", body.encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  public static JsonObject newCareHome(String nameZh, String nameEn, double lat, double lng) {
    return new JsonObject()
        .put("kind", "elderly_care_home").put("nameZh", nameZh).put("nameEn", nameEn)
        .put("addressZh", "济南市历下区测试路1号").put("regionCode", "370102")
        .put("location", new JsonObject().put("lat", lat).put("lng", lng))
        .put("ownership", "private").put("rating", 3)
        .put("careLevels", new JsonArray().add("self_care").add("full_disability"))
        .put("prices", new JsonArray().add(new JsonObject().put("careLevel", "self_care").put("minMonthly", 2000).put("maxMonthly", 3000)))
        .put("insurance", new JsonObject().put("medicalInsurance", true).put("ltcInsurance", false));
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
