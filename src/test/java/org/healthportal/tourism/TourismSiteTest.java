package org.healthportal.tourism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.healthportal.support.Facilities.enc;
import static org.healthportal.support.Listings.field;
import static org.healthportal.support.Listings.ids;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.healthportal.support.TourismSites;
import org.junit.jupiter.api.Test;

/** A site's page with the care nearest to it, and editing by staff and admins. */
class TourismSiteTest {

  private static final Set<String> HOSPITALS = Set.of("general_hospital", "township_hospital", "geriatric_hospital", "rehabilitation_hospital");
  private static final Set<String> COMMUNITY = Set.of("community_health_centre", "community_health_station");

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final TourismSites sites = new TourismSites(http);
  private final Facilities facilities = new Facilities(http);

  /** An active facility as the database holds it. */
  private record Stored(String id, String kind, double lat, double lng, boolean emergency) {}

  @Test
  void nearestCareEqualsABruteForceOverTheFacilityTable() throws Exception {
    for (String siteId : List.of(TourismSites.TAISHAN, TourismSites.LAOSHAN, "e0000000-0000-4000-8000-000000000010")) {
      assertNearestCareIsExact(sites.get(siteId));
    }
  }

  @Test
  void nearestCareFollowsFacilitiesThatOpenMoveAndClose() throws Exception {
    JsonObject site = sites.get(TourismSites.DONGPING_LAKE);
    double lat = site.getJsonObject("location").getDouble("lat");
    double lng = site.getJsonObject("location").getDouble("lng");
    String etagBefore = sites.etag(TourismSites.DONGPING_LAKE);
    String admin = env.token("admin1");

    JsonObject hospital = facilities.create(admin, new JsonObject()
        .put("kind", "general_hospital").put("nameZh", "东平湖测试医院" + UUID.randomUUID().toString().substring(0, 4))
        .put("addressZh", "泰安市东平县测试路1号").put("regionCode", "370923")
        .put("location", new JsonObject().put("lat", lat + 0.001).put("lng", lng)).put("ownership", "public")
        .put("medical", new JsonObject().put("emergency", true)));
    String id = hospital.getString("id");
    JsonObject withNew = sites.get(TourismSites.DONGPING_LAKE);
    assertThat(firstId(withNew, "hospitals")).isEqualTo(id);
    assertThat(withNew.getJsonObject("nearestCare").getJsonObject("emergency").getString("id")).isEqualTo(id);
    assertThat(withNew.getJsonObject("nearestCare").getJsonArray("hospitals").getJsonObject(0).getDouble("distanceMeters"))
        .isCloseTo(NearQuery.distanceMeters(lat, lng, lat + 0.001, lng), within(1.0));
    assertThat(sites.etag(TourismSites.DONGPING_LAKE)).isNotEqualTo(etagBefore);
    assertNearestCareIsExact(withNew);

    Http.Response moved = facilities.patch(id, admin, etagOfFacility(id),
        new JsonObject().put("location", new JsonObject().put("lat", 37.9).put("lng", 122.5)));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    JsonObject afterMove = sites.get(TourismSites.DONGPING_LAKE);
    assertThat(ids(list(afterMove, "hospitals"))).doesNotContain(id);
    assertNearestCareIsExact(afterMove);

    facilities.patch(id, admin, etagOfFacility(id), new JsonObject().put("location", new JsonObject().put("lat", lat + 0.001).put("lng", lng)));
    assertThat(firstId(sites.get(TourismSites.DONGPING_LAKE), "hospitals")).isEqualTo(id);
    assertThat(http.send("POST", "/v1/facilities/" + id + "/close", admin, "application/json", "", java.util.Map.of()).status()).isEqualTo(200);
    JsonObject afterClose = sites.get(TourismSites.DONGPING_LAKE);
    assertThat(ids(list(afterClose, "hospitals"))).doesNotContain(id);
    assertNearestCareIsExact(afterClose);
  }

  @Test
  void staffEditTheirSiteWithIfMatchAndEveryReadSeesIt() {
    String staff = env.token("staff1");
    JsonObject before = sites.get(TourismSites.TAISHAN);
    sites.all("q=" + enc(before.getString("nameZh"))); // warm the caches
    String newName = "泰山测试" + UUID.randomUUID().toString().substring(0, 6);
    int newLevel = before.getInteger("priceLevel") == 3 ? 2 : 3;
    Http.Response r = sites.patch(TourismSites.TAISHAN, staff, sites.etag(TourismSites.TAISHAN),
        new JsonObject().put("nameZh", newName).put("priceLevel", newLevel).put("accessibility", new JsonArray().add("medical_point")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    int version = before.getInteger("version") + 1;
    assertThat(r.json().getInteger("version")).isEqualTo(version);
    assertThat(r.header("ETag")).startsWith("\"v" + version + "-");
    assertThat(r.json().getJsonObject("nearestCare")).isNotNull();

    assertThat(sites.get(TourismSites.TAISHAN).getString("nameZh")).isEqualTo(newName);
    assertThat(ids(sites.all("q=" + enc(newName)))).containsExactly(TourismSites.TAISHAN);
    assertThat(ids(sites.all("accessibility=medical_point&maxPriceLevel=" + newLevel))).contains(TourismSites.TAISHAN);

    JsonObject latest = http.get("/v1/tourism/sites/" + TourismSites.TAISHAN + "/history", staff).json().getJsonArray("items").getJsonObject(0);
    assertThat(latest.getInteger("version")).isEqualTo(version);
    assertThat(latest.getString("action")).isEqualTo("update");
    assertThat(latest.getString("changedByName")).isEqualTo("staff1");
    assertThat(latest.getJsonArray("fields").getList()).containsExactlyInAnyOrder("nameZh", "priceLevel", "accessibility");
  }

  @Test
  void preconditionsAndScopeAreEnforced() {
    String staff1 = env.token("staff1");
    String etag = sites.etag(TourismSites.TAISHAN);
    JsonObject patch = new JsonObject().put("openingHours", "07:00-18:00");
    sites.patch(TourismSites.TAISHAN, staff1, null, patch).problem(428);
    sites.patch(TourismSites.TAISHAN, staff1, "\"v1\"", patch).problem(412);
    sites.patch(TourismSites.TAISHAN, env.token("staff2"), etag, patch).problem(403);
    sites.patch(TourismSites.TAISHAN, env.token("resident1"), etag, patch).problem(403);
    sites.patch(TourismSites.TAISHAN, null, etag, patch).problem(401);
    http.get("/v1/tourism/sites/" + TourismSites.TAISHAN + "/history", env.token("staff2")).problem(403);
    field(sites.patch(TourismSites.TAISHAN, staff1, etag, new JsonObject().put("version", 9)).problem(400), "/version");
    field(sites.patch(TourismSites.TAISHAN, staff1, etag, new JsonObject().put("kind", "seaside")).problem(400), "/kind");
    field(sites.patch(TourismSites.TAISHAN, staff1, etag, new JsonObject().put("openMonths", new JsonArray().add(5))
        .put("bestMonths", new JsonArray().add(6))).problem(400), "/bestMonths");
    field(sites.patch(TourismSites.TAISHAN, staff1, etag, new JsonObject().put("openMonths", new JsonArray().add(13))).problem(400), "/openMonths/0");
    assertThat(sites.etag(TourismSites.TAISHAN)).isEqualTo(etag);
    assertThat(sites.patch(TourismSites.LAOSHAN, env.token("staff2"), sites.etag(TourismSites.LAOSHAN), patch).status()).isEqualTo(200);
  }

  @Test
  void twoEditorsFromTheSameVersionOneWinsTheOtherGets412() {
    String etag = sites.etag(TourismSites.LAOSHAN);
    int version = sites.get(TourismSites.LAOSHAN).getInteger("version");
    CompletableFuture<Http.Response> a = CompletableFuture.supplyAsync(() ->
        sites.patch(TourismSites.LAOSHAN, env.token("staff2"), etag, new JsonObject().put("phone", "0532-11112222")));
    CompletableFuture<Http.Response> b = CompletableFuture.supplyAsync(() ->
        sites.patch(TourismSites.LAOSHAN, env.token("admin1"), etag, new JsonObject().put("website", "https://example.test/laoshan")));
    List<Integer> statuses = new ArrayList<>(List.of(a.join().status(), b.join().status()));
    statuses.sort(Comparator.naturalOrder());
    assertThat(statuses).containsExactly(200, 412);
    JsonObject after = sites.get(TourismSites.LAOSHAN);
    assertThat(after.getInteger("version")).isEqualTo(version + 1);
    boolean phoneWon = a.join().status() == 200;
    assertThat(after.getString(phoneWon ? "phone" : "website")).isEqualTo(phoneWon ? "0532-11112222" : "https://example.test/laoshan");
  }

  @Test
  void adminsCreateAndCloseSites() {
    String admin = env.token("admin1");
    sites.create(env.token("staff1"), TourismSites.newSite("员工不能建", 36.6, 117.0)).problem(403);
    field(sites.create(admin, TourismSites.newSite("未知区划", 36.6, 117.0).put("regionCode", "379999")).problem(400), "/regionCode");
    String name = "测试温泉" + UUID.randomUUID().toString().substring(0, 6);
    Http.Response created = sites.create(admin, TourismSites.newSite(name, 36.66, 117.05));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(created.header("Location")).isEqualTo("/v1/tourism/sites/" + id);
    assertThat(created.json().getInteger("version")).isEqualTo(1);
    assertThat(ids(sites.all("q=" + enc(name)))).containsExactly(id);

    Http.Response closed = sites.close(id, admin);
    assertThat(closed.status()).isEqualTo(200);
    assertThat(closed.json().getString("status")).isEqualTo("closed");
    assertThat(sites.close(id, admin).status()).isEqualTo(200);
    assertThat(sites.all("q=" + enc(name))).isEmpty();
    assertThat(sites.get(id).getString("status")).isEqualTo("closed");
    sites.close(id, env.token("staff1")).problem(403);
    JsonArray history = http.get("/v1/tourism/sites/" + id + "/history", admin).json().getJsonArray("items");
    assertThat(history.stream().map(h -> ((JsonObject) h).getString("action")).toList()).containsExactly("close", "create");
  }

  private String etagOfFacility(String id) {
    return http.get("/v1/facilities/" + id).header("ETag");
  }

  private static String firstId(JsonObject site, String group) {
    return list(site, group).get(0).getString("id");
  }

  private static List<JsonObject> list(JsonObject site, String group) {
    List<JsonObject> items = new ArrayList<>();
    site.getJsonObject("nearestCare").getJsonArray(group).forEach(i -> items.add((JsonObject) i));
    return items;
  }

  /** The three lists of a site's page equal the nearest active facilities computed here from the table. */
  private void assertNearestCareIsExact(JsonObject site) throws Exception {
    double lat = site.getJsonObject("location").getDouble("lat");
    double lng = site.getJsonObject("location").getDouble("lng");
    List<Stored> active = new ArrayList<>();
    try (Connection c = env.database();
         ResultSet rs = c.createStatement().executeQuery("SELECT id, kind, lat, lng, emergency FROM facility WHERE status = 'active'")) {
      while (rs.next()) active.add(new Stored(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getBoolean(5)));
    }
    JsonObject care = site.getJsonObject("nearestCare");
    assertNearest(care.getJsonArray("hospitals"), active, f -> HOSPITALS.contains(f.kind()), 3, lat, lng);
    assertNearest(care.getJsonArray("communityHealth"), active, f -> COMMUNITY.contains(f.kind()), 3, lat, lng);
    JsonArray emergency = care.getJsonObject("emergency") == null ? new JsonArray() : new JsonArray().add(care.getJsonObject("emergency"));
    assertNearest(emergency, active, Stored::emergency, 1, lat, lng);
  }

  private static void assertNearest(JsonArray actual, List<Stored> active, Predicate<Stored> kind, int n, double lat, double lng) {
    List<Stored> expected = active.stream().filter(kind)
        .sorted(Comparator.comparingDouble(f -> NearQuery.distanceMeters(lat, lng, f.lat(), f.lng())))
        .limit(n).toList();
    assertThat(actual.size()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonObject got = actual.getJsonObject(i);
      double expectedDistance = NearQuery.distanceMeters(lat, lng, expected.get(i).lat(), expected.get(i).lng());
      assertThat(got.getDouble("distanceMeters")).as("distance of #%d", i).isCloseTo(expectedDistance, within(1.0));
      // Equal distances may list in either order; otherwise the very same facility.
      if (i + 1 >= expected.size() || Math.abs(expectedDistance
          - NearQuery.distanceMeters(lat, lng, expected.get(i + 1).lat(), expected.get(i + 1).lng())) > 1) {
        assertThat(got.getString("id")).as("facility #%d", i).isEqualTo(expected.get(i).id());
      }
    }
  }
}
