package org.healthportal.tourism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.healthportal.support.Facilities.enc;
import static org.healthportal.support.Listings.assertSorted;
import static org.healthportal.support.Listings.distance;
import static org.healthportal.support.Listings.field;
import static org.healthportal.support.Listings.ids;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.healthportal.support.Http;
import org.healthportal.support.Listings;
import org.healthportal.support.TestEnv;
import org.healthportal.support.TourismSites;
import org.junit.jupiter.api.Test;

/** Public site search over the demo data, checked against brute force over the same data. */
class TourismSearchTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final TourismSites sites = new TourismSites(http);

  @Test
  void theDemoDataCoversEveryCityAndKindAndTheNamedPlaces() {
    List<JsonObject> everything = sites.all("");
    assertThat(everything).hasSizeGreaterThanOrEqualTo(60);
    Map<String, Long> perKind = everything.stream().collect(Collectors.groupingBy(s -> s.getString("kind"), Collectors.counting()));
    assertThat(perKind.keySet()).containsExactlyInAnyOrder("seaside", "mountain_forest", "hot_spring", "rural", "tcm");
    Set<String> cities = everything.stream().map(s -> s.getString("regionCode").substring(0, 4)).collect(Collectors.toSet());
    assertThat(cities).hasSize(16);
    String names = everything.stream().map(s -> s.getString("nameZh")).collect(Collectors.joining("|"));
    assertThat(names).contains("泰山", "崂山", "蒙山", "昆嵛山", "徂徕山", "汤泉", "微山湖", "东平湖");
    assertThat(sites.get(TourismSites.TAISHAN).getBoolean("demo")).isTrue();
  }

  @Test
  void nearMeEqualsABruteForceGreatCircleComputation() {
    double lat = 36.2;
    double lng = 120.6;
    List<JsonObject> everything = sites.all("");
    List<JsonObject> expected = everything.stream()
        .filter(s -> distance(s, lat, lng) <= 50_000)
        .sorted(Comparator.<JsonObject>comparingDouble(s -> distance(s, lat, lng)).thenComparing(s -> s.getString("id")))
        .toList();
    List<JsonObject> actual = Listings.all(http, "/v1/tourism/sites", "near=" + lat + "," + lng + "&radiusKm=50&limit=2");
    assertThat(expected).hasSizeGreaterThan(2);
    assertThat(ids(actual)).containsExactlyElementsOf(ids(expected));
    for (JsonObject s : actual) assertThat(s.getDouble("distanceMeters")).isCloseTo(distance(s, lat, lng), within(1.0));
  }

  @Test
  void everyFilterReturnsExactlyTheMatchingSites() {
    List<JsonObject> everything = sites.all("");
    check(everything, "kind=seaside&kind=hot_spring", s -> Set.of("seaside", "hot_spring").contains(s.getString("kind")));
    check(everything, "region=370200", s -> s.getString("regionCode").startsWith("3702"));
    check(everything, "region=370902", s -> s.getString("regionCode").equals("370902"));
    check(everything, "month=11", s -> s.getJsonArray("bestMonths").contains(11));
    check(everything, "accessibility=wheelchair&accessibility=medical_point",
        s -> s.getJsonArray("accessibility").contains("wheelchair") && s.getJsonArray("accessibility").contains("medical_point"));
    check(everything, "service=tcm_therapy", s -> s.getJsonArray("services").contains("tcm_therapy"));
    check(everything, "designation=provincial_health_tourism_demo_base", s -> designationTypes(s).contains("provincial_health_tourism_demo_base"));
    check(everything, "maxPriceLevel=1", s -> s.getInteger("priceLevel") <= 1);
    check(everything, "kind=mountain_forest&month=10&maxPriceLevel=2",
        s -> s.getString("kind").equals("mountain_forest") && s.getJsonArray("bestMonths").contains(10) && s.getInteger("priceLevel") <= 2);
    assertThat(sites.all("region=371700&kind=seaside")).isEmpty();
  }

  @Test
  void textSearchCoversNamesAndDescriptionsInBothLanguages() throws Exception {
    assertThat(ids(sites.all("q=" + enc("泰山")))).contains(TourismSites.TAISHAN);
    assertThat(ids(sites.all("q=" + enc("mount tai")))).contains(TourismSites.TAISHAN);
    JsonObject taishan = sites.get(TourismSites.TAISHAN);
    String descriptionWord = taishan.getString("descriptionZh").substring(2, 5);
    assertThat(ids(sites.all("q=" + enc(descriptionWord)))).contains(TourismSites.TAISHAN);
    assertThat(sites.all("q=" + enc("'; DROP TABLE tourism_site; --"))).isEmpty();
    assertThat(sites.all("q=" + enc("_"))).isEmpty();
  }

  @Test
  void sortsOrderTheWholeResultAcrossSmallPages() {
    List<JsonObject> byName = Listings.all(http, "/v1/tourism/sites", "sort=name&limit=7");
    assertThat(byName).hasSameSizeAs(sites.all(""));
    assertSorted(byName, s -> s.getString("nameZh"), false);
    List<JsonObject> byPrice = Listings.all(http, "/v1/tourism/sites", "sort=priceLevel&limit=9");
    assertSorted(byPrice, s -> s.getInteger("priceLevel"), false);
    List<JsonObject> byDistance = Listings.all(http, "/v1/tourism/sites", "near=36.65,117.12&radiusKm=50&limit=3");
    assertSorted(byDistance, s -> s.getDouble("distanceMeters"), false);
  }

  @Test
  void searchesCarryAnETagAndAnswer304() {
    Http.Response first = http.get("/v1/tourism/sites?kind=tcm");
    assertThat(first.header("ETag")).isNotBlank();
    Http.Response again = http.send(http.request("/v1/tourism/sites?kind=tcm", null).header("If-None-Match", first.header("ETag")).build());
    assertThat(again.status()).isEqualTo(304);
  }

  @Test
  void badInputIs400NamingTheField() {
    field(http.get("/v1/tourism/sites?month=13").problem(400), "month");
    field(http.get("/v1/tourism/sites?month=0").problem(400), "month");
    field(http.get("/v1/tourism/sites?kind=volcano").problem(400), "kind");
    field(http.get("/v1/tourism/sites?accessibility=stairs").problem(400), "accessibility");
    field(http.get("/v1/tourism/sites?service=karaoke").problem(400), "service");
    field(http.get("/v1/tourism/sites?designation=unesco").problem(400), "designation");
    field(http.get("/v1/tourism/sites?maxPriceLevel=5").problem(400), "maxPriceLevel");
    field(http.get("/v1/tourism/sites?near=91,117").problem(400), "near");
    field(http.get("/v1/tourism/sites?near=36.1,120.3,5").problem(400), "near");
    field(http.get("/v1/tourism/sites?near=36.6,117&radiusKm=-1").problem(400), "radiusKm");
    field(http.get("/v1/tourism/sites?sort=distance").problem(400), "sort");
    field(http.get("/v1/tourism/sites?limit=0").problem(400), "limit");
    field(http.get("/v1/tourism/sites?limit=1000").problem(400), "limit");
    field(http.get("/v1/tourism/sites?cursor=garbage").problem(400), "cursor");
    field(http.get("/v1/tourism/sites?q=" + "x".repeat(10_000)).problem(400), "q");
    String facilityCursor = http.get("/v1/facilities?sort=name&limit=2").json().getString("nextCursor");
    field(http.get("/v1/tourism/sites?sort=name&limit=2&cursor=" + facilityCursor).problem(400), "cursor");
    field(http.get("/v1/tourism/sites/not-a-uuid").problem(400), "siteId");
    http.get("/v1/tourism/sites/00000000-0000-4000-8000-000000000999").problem(404);
  }

  private void check(List<JsonObject> everything, String query, Predicate<JsonObject> predicate) {
    Listings.checkFilter(http, "/v1/tourism/sites", everything, query, predicate);
  }

  private static Set<String> designationTypes(JsonObject site) {
    JsonArray designations = site.getJsonArray("designations");
    return designations.stream().map(d -> ((JsonObject) d).getString("type")).collect(Collectors.toSet());
  }
}
