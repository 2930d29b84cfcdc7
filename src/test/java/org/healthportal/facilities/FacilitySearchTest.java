package org.healthportal.facilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.healthportal.support.Facilities.enc;
import static org.healthportal.support.Listings.assertSorted;
import static org.healthportal.support.Listings.distance;
import static org.healthportal.support.Listings.field;
import static org.healthportal.support.Listings.ids;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.healthportal.support.Facilities;
import org.healthportal.support.Listings;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.healthportal.support.Race;

/** Public search over the demo data set, checked against brute force over the same data. */
class FacilitySearchTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final Facilities facilities = new Facilities(http);

  @Test
  void nearMeEqualsABruteForceGreatCircleComputation() {
    double lat = 36.6512;
    double lng = 117.1201;
    double radiusKm = 15;
    List<JsonObject> everything = facilities.all("");
    assertThat(everything).hasSizeGreaterThan(300);

    List<JsonObject> expected = everything.stream()
        .filter(f -> distance(f, lat, lng) <= radiusKm * 1000)
        .sorted(Comparator.<JsonObject>comparingDouble(f -> distance(f, lat, lng)).thenComparing(f -> f.getString("id")))
        .toList();
    List<JsonObject> actual = facilities.all("near=" + lat + "," + lng + "&radiusKm=" + radiusKm + "&sort=distance");

    assertThat(expected).hasSizeGreaterThan(5);
    assertThat(actual).extracting(f -> f.getString("id")).containsExactlyElementsOf(expected.stream().map(f -> f.getString("id")).toList());
    for (JsonObject f : actual) {
      assertThat(f.getDouble("distanceMeters")).isCloseTo(distance(f, lat, lng), within(1.0));
    }
  }

  @Test
  void nearMeWithFiltersAndAnotherSortKeepsTheRadius() {
    List<JsonObject> r = facilities.all("near=36.07,120.38&radiusKm=30&kind=elderly_care_home&kind=nursing_home&sort=rating");
    assertThat(r).allSatisfy(f -> {
      assertThat(f.getDouble("distanceMeters")).isLessThanOrEqualTo(30_000.0);
      assertThat(f.getString("kind")).isIn("elderly_care_home", "nursing_home");
    });
    assertSorted(r, f -> f.getInteger("rating", 0), true);
  }

  @Test
  void simpleFiltersReturnExactlyTheMatchingFacilities() {
    List<JsonObject> everything = facilities.all("");
    checkFilter(everything, "region=370100", f -> f.getString("regionCode").startsWith("3701"));
    checkFilter(everything, "region=370102", f -> f.getString("regionCode").equals("370102"));
    checkFilter(everything, "region=370000", f -> true);
    checkFilter(everything, "kind=township_hospital&kind=hospice", f -> Set.of("township_hospital", "hospice").contains(f.getString("kind")));
    checkFilter(everything, "minRating=4", f -> f.getInteger("rating", 0) >= 4);
    checkFilter(everything, "medicalInsurance=true", f -> f.getBoolean("medicalInsurance"));
    checkFilter(everything, "ltcInsurance=false", f -> !f.getBoolean("ltcInsurance"));
    checkFilter(everything, "hasVacancy=true", f -> f.getInteger("freeBeds") > 0);
    checkFilter(everything, "maxMonthlyPrice=3000", f -> f.getInteger("minMonthlyPrice") != null && f.getInteger("minMonthlyPrice") <= 3000);
    checkFilter(everything, "careLevel=dementia", f -> f.getJsonArray("careLevels").contains("dementia"));
    checkFilter(everything, "region=370100&kind=elderly_care_home&minRating=3",
        f -> f.getString("regionCode").startsWith("3701") && f.getString("kind").equals("elderly_care_home") && f.getInteger("rating", 0) >= 3);
  }

  @Test
  void careLevelFiltersUseThatLevelsBedsAndPrices() throws Exception {
    Set<String> expectedVacancy = new HashSet<>();
    Set<String> expectedCheap = new HashSet<>();
    try (Connection c = env.database();
         ResultSet rs = c.createStatement().executeQuery("SELECT f.id, c.beds_free, c.price_min FROM facility f JOIN facility_care c"
             + " ON c.facility_id = f.id WHERE f.status = 'active' AND c.care_level = 'full_disability'")) {
      while (rs.next()) {
        if (rs.getInt("beds_free") > 0) expectedVacancy.add(rs.getString("id"));
        int price = rs.getInt("price_min");
        if (!rs.wasNull() && price <= 5000) expectedCheap.add(rs.getString("id"));
      }
    }
    List<JsonObject> vacancy = facilities.all("careLevel=full_disability&hasVacancy=true");
    assertThat(ids(vacancy)).containsExactlyInAnyOrderElementsOf(expectedVacancy);
    assertThat(vacancy).allSatisfy(f -> assertThat(f.getInteger("freeBeds")).isPositive());
    assertThat(ids(facilities.all("careLevel=full_disability&maxMonthlyPrice=5000"))).containsExactlyInAnyOrderElementsOf(expectedCheap);
  }

  @Test
  void nameSearchMatchesChineseSubstringsAndEnglishWords() {
    List<JsonObject> everything = facilities.all("");
    JsonObject sample = everything.stream().filter(f -> f.getString("nameEn") != null).findFirst().orElseThrow();
    String zh = sample.getString("nameZh").substring(1, 4);
    checkFilter(everything, "q=" + enc(zh), f -> f.getString("nameZh").contains(zh) || englishWords(f, zh));
    String[] words = sample.getString("nameEn").split(" ");
    String twoWords = words[0] + " " + words[words.length - 1];
    checkFilter(everything, "q=" + enc(twoWords.toUpperCase()), f -> f.getString("nameZh").contains(twoWords.toUpperCase()) || englishWords(f, twoWords));
    // LIKE wildcards in the text are matched literally. ('%' itself cannot be tested: vertx-openapi
    // 5.0 URL-decodes query values a second time and refuses a lone '%' with 400.)
    assertThat(facilities.all("q=" + enc("_"))).isEmpty();
    assertThat(facilities.all("q=" + enc("'; DROP TABLE facility; --"))).isEmpty();
    assertThat(facilities.all("")).hasSameSizeAs(everything);
  }

  @Test
  void everySortOrdersTheWholeResultAcrossPages() {
    List<JsonObject> byName = facilities.all("sort=name");
    assertSorted(byName, f -> f.getString("nameZh"), false);
    List<JsonObject> byRating = facilities.all("sort=rating");
    assertSorted(byRating, f -> f.getInteger("rating", 0), true);
    List<JsonObject> byBeds = facilities.all("sort=freeBeds&careLevel=self_care");
    assertSorted(byBeds, f -> f.getInteger("freeBeds"), true);
    List<JsonObject> byPrice = facilities.all("sort=price");
    assertSorted(byPrice, f -> f.getInteger("minMonthlyPrice", Integer.MAX_VALUE), false);
    assertThat(ids(byRating)).containsExactlyInAnyOrderElementsOf(ids(byName));
    assertThat(ids(byPrice)).containsExactlyInAnyOrderElementsOf(ids(byName));
  }

  @Test
  void defaultPageIsTwentyAndResponsesHaveETags() {
    Http.Response first = http.get("/v1/facilities?region=370100");
    assertThat(first.json().getJsonArray("items")).hasSize(20);
    assertThat(first.json().getString("nextCursor")).isNotBlank();
    String etag = first.header("ETag");
    assertThat(etag).isNotBlank();
    Http.Response again = http.send("GET", "/v1/facilities?region=370100", null, null, null, java.util.Map.of("If-None-Match", etag));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void badInputIs400NamingTheField() {
    field(http.get("/v1/facilities?near=91,117").problem(400), "near");
    field(http.get("/v1/facilities?near=36.6,181").problem(400), "near");
    field(http.get("/v1/facilities?near=abc").problem(400), "near");
    field(http.get("/v1/facilities?near=36.6,117&radiusKm=-1").problem(400), "radiusKm");
    field(http.get("/v1/facilities?near=36.6,117&radiusKm=51").problem(400), "radiusKm");
    field(http.get("/v1/facilities?radiusKm=5").problem(400), "radiusKm");
    field(http.get("/v1/facilities?sort=distance").problem(400), "sort");
    field(http.get("/v1/facilities?limit=0").problem(400), "limit");
    field(http.get("/v1/facilities?limit=1000").problem(400), "limit");
    field(http.get("/v1/facilities?cursor=not-a-cursor").problem(400), "cursor");
    field(http.get("/v1/facilities?cursor=" + "eyJ2IjoxLCJpIjoieCIsInEiOiJ5In0").problem(400), "cursor");
    field(http.get("/v1/facilities?careLevel=coma").problem(400), "careLevel");
    field(http.get("/v1/facilities?kind=spa").problem(400), "kind");
    field(http.get("/v1/facilities?minRating=6").problem(400), "minRating");
    field(http.get("/v1/facilities?hasVacancy=maybe").problem(400), "hasVacancy");
    field(http.get("/v1/facilities?q=" + "x".repeat(10_000)).problem(400), "q");
    field(http.get("/v1/facilities?q=" + enc(" ")).problem(400), "q");
    field(http.get("/v1/facilities/not-a-uuid").problem(400), "facilityId");
    http.get("/v1/facilities/00000000-0000-4000-8000-000000000999").problem(404);
  }

  @Test
  void aCursorFromAnotherQueryIsRefused() {
    String cursor = http.get("/v1/facilities?sort=name&limit=5").json().getString("nextCursor");
    field(http.get("/v1/facilities?sort=rating&limit=5&cursor=" + cursor).problem(400), "cursor");
    assertThat(http.get("/v1/facilities?sort=name&limit=5&cursor=" + cursor).status()).isEqualTo(200);
  }

  /** Concurrent misses of one key share one database query (single flight). */
  @Test
  void aBurstOfIdenticalUncachedSearchesCostsOneLoad() {
    // Not near-me: a position almost never repeats, so near-me skips the cache for the search index.
    // A price no earlier run asked for, within the contract's maximum of 1,000,000.
    String query = "/v1/facilities?sort=price&maxMonthlyPrice=" + (100_000 + new java.util.Random().nextInt(900_001));
    double before = cacheLoads();
    List<Http.Response> responses = Race.of(40, i -> () -> http.get(query));
    assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(responses.stream().map(Http.Response::body).distinct()).hasSize(1);
    assertThat(cacheLoads() - before).as("loads for 40 identical requests").isEqualTo(1.0);
  }

  private double cacheLoads() {
    return env.management.get("/metrics").body().lines()
        .filter(l -> l.startsWith("hp_cache_loads_total{") && l.contains("namespace=\"facilities.v1\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private void checkFilter(List<JsonObject> everything, String query, Predicate<JsonObject> predicate) {
    Listings.checkFilter(http, "/v1/facilities", everything, query, predicate);
  }

  private static boolean englishWords(JsonObject f, String q) {
    String en = f.getString("nameEn");
    if (en == null) return false;
    for (String w : q.toLowerCase().split("\\s+")) {
      if (!en.toLowerCase().contains(w)) return false;
    }
    return true;
  }
}
