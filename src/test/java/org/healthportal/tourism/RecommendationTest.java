package org.healthportal.tourism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.healthportal.support.Listings.field;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.healthportal.support.TourismSites;
import org.junit.jupiter.api.Test;

/** Recommendations checked against the data: hard requirements, reasons, determinism, routes. */
class RecommendationTest {

  private static final List<String> KINDS = List.of("seaside", "mountain_forest", "hot_spring", "rural", "tcm");
  private static final List<String> ACCESSIBILITY = List.of("step_free", "wheelchair", "elderly_lodging", "medical_point");
  private static final List<String> SERVICES = List.of("forest_bathing", "hot_spring_therapy", "tcm_therapy", "health_checkup",
      "rehabilitation", "physiotherapy", "thalassotherapy", "farm_stay");
  private static final double[][] ORIGINS = {{36.65, 117.12}, {36.07, 120.38}, {35.10, 118.35}, {37.51, 122.12}};

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final TourismSites sites = new TourismSites(http);

  @Test
  void hardRequirementsAlwaysHoldAndNoQualifyingSiteIsMissed() throws Exception {
    Map<String, JsonObject> details = activeSiteDetails();
    Random random = new Random(20261124);
    int nonEmpty = 0;
    for (int round = 0; round < 40; round++) {
      JsonObject request = randomRequest(random).put("limit", 50);
      JsonObject result = ok(request);
      List<String> expected = details.values().stream().filter(s -> meetsHardRequirements(s, request)).map(s -> s.getString("id")).toList();
      List<String> got = new ArrayList<>();
      for (Object o : result.getJsonArray("items")) {
        JsonObject item = (JsonObject) o;
        JsonObject site = details.get(item.getJsonObject("site").getString("id"));
        assertThat(meetsHardRequirements(site, request)).as("%s for %s", site.getString("nameZh"), request).isTrue();
        got.add(site.getString("id"));
      }
      if (expected.size() <= 50) assertThat(got).as("%s", request).containsExactlyInAnyOrderElementsOf(expected);
      if (got.isEmpty()) assertThat(result.getString("explanation")).as("%s", request).isNotBlank();
      else nonEmpty++;
    }
    assertThat(nonEmpty).as("requests with results").isGreaterThan(10);
  }

  @Test
  void reasonsAreConsistentWithTheData() throws Exception {
    Map<String, JsonObject> details = activeSiteDetails();
    Random random = new Random(7);
    for (int round = 0; round < 15; round++) {
      JsonObject request = randomRequest(random).put("limit", 50);
      for (Object o : ok(request).getJsonArray("items")) {
        JsonObject item = (JsonObject) o;
        JsonObject site = details.get(item.getJsonObject("site").getString("id"));
        JsonArray reasons = item.getJsonArray("reasons");
        assertThat(item.getInteger("score")).isEqualTo(reasons.stream().mapToInt(r -> ((JsonObject) r).getInteger("points")).sum());
        assertThat(hasReason(reasons, "best_month")).isEqualTo(site.getJsonArray("bestMonths").contains(request.getInteger("month")));
        Set<String> wantedAndOffered = new HashSet<>();
        for (Object s : request.getJsonArray("services", new JsonArray())) if (site.getJsonArray("services").contains(s)) wantedAndOffered.add((String) s);
        assertThat(count(reasons, "service")).isEqualTo(wantedAndOffered.size());
        assertThat(count(reasons, "designation")).isEqualTo(site.getJsonArray("designations").size());
        double hospital = nearestHospital(site);
        assertThat(item.getDouble("nearestHospitalMeters")).isCloseTo(hospital, within(1.0));
        if (hospital <= 30_000) {
          assertThat(reasonText(reasons, "hospital_nearby")).isEqualTo(String.format(java.util.Locale.ROOT, "hospital %.1f km away", hospital / 1000));
        } else {
          assertThat(hasReason(reasons, "hospital_nearby")).isFalse();
        }
        assertThat(hasReason(reasons, "on_site_medical")).isEqualTo(site.getJsonArray("accessibility").contains("medical_point")
            && !request.getJsonArray("mobility", new JsonArray()).contains("medical_point"));
        assertThat(item.getJsonArray("requirementsMet").getList()).contains("open in " + java.time.Month.of(request.getInteger("month"))
            .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH));
      }
    }
  }

  @Test
  void theSameInputGivesTheSameRankedOutput() {
    JsonObject request = new JsonObject().put("month", 10).put("origin", location(36.65, 117.12))
        .put("services", new JsonArray().add("forest_bathing").add("tcm_therapy")).put("limit", 30).put("tripDays", 3);
    Http.Response first = sites.recommend(request);
    Http.Response second = sites.recommend(request);
    assertThat(first.status()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    JsonArray items = first.json().getJsonArray("items");
    assertThat(items).hasSize(30);
    for (int i = 1; i < items.size(); i++) {
      assertThat(items.getJsonObject(i - 1).getInteger("score")).isGreaterThanOrEqualTo(items.getJsonObject(i).getInteger("score"));
    }
  }

  @Test
  void anImpossibleRequestGetsAnEmptyListWithAnExplanation() {
    JsonObject result = ok(new JsonObject().put("month", 7).put("region", "371700").put("kinds", new JsonArray().add("seaside")));
    assertThat(result.getJsonArray("items")).isEmpty();
    assertThat(result.getString("explanation")).contains("seaside").contains("Relax");
    JsonObject far = ok(new JsonObject().put("month", 7).put("origin", location(36.65, 117.12)).put("maxDistanceKm", 0.5));
    assertThat(far.getJsonArray("items")).isEmpty();
    assertThat(far.getString("explanation")).contains("within 0.5 km");
  }

  @Test
  void longerTripsGetARouteOfNearbySitesInNearestNextOrder() {
    JsonObject origin = location(36.07, 120.38);
    JsonObject result = ok(new JsonObject().put("month", 8).put("origin", origin).put("maxDistanceKm", 200).put("tripDays", 4).put("limit", 50));
    JsonArray items = result.getJsonArray("items");
    JsonArray stops = result.getJsonObject("route").getJsonArray("stops");
    assertThat(stops.size()).isBetween(1, 4);
    JsonObject anchor = items.getJsonObject(0).getJsonObject("site");
    Map<String, JsonObject> ranked = new HashMap<>();
    items.forEach(i -> ranked.put(((JsonObject) i).getJsonObject("site").getString("id"), ((JsonObject) i).getJsonObject("site")));
    assertThat(stops.stream().map(s -> ((JsonObject) s).getString("siteId")).toList()).contains(anchor.getString("id"));

    double[] here = {36.07, 120.38};
    double total = 0;
    List<JsonObject> remaining = new ArrayList<>();
    stops.forEach(s -> remaining.add(ranked.get(((JsonObject) s).getString("siteId"))));
    for (int i = 0; i < stops.size(); i++) {
      JsonObject stop = stops.getJsonObject(i);
      JsonObject site = ranked.get(stop.getString("siteId"));
      assertThat(stop.getInteger("day")).isEqualTo(i + 1);
      assertThat(distance(anchor, site)).isLessThanOrEqualTo(80_000.0);
      double leg = NearQuery.distanceMeters(here[0], here[1], lat(site), lng(site));
      assertThat(stop.getDouble("legMeters")).isCloseTo(leg, within(1.0));
      double[] from = here.clone();
      double nearest = remaining.stream().mapToDouble(s -> NearQuery.distanceMeters(from[0], from[1], lat(s), lng(s))).min().orElseThrow();
      assertThat(leg).as("stop %d is the nearest remaining", i + 1).isCloseTo(nearest, within(0.01));
      remaining.remove(site);
      total += leg;
      here = new double[] {lat(site), lng(site)};
    }
    assertThat(result.getJsonObject("route").getDouble("totalMeters")).isCloseTo(total, within(1.0));
    assertThat(ok(new JsonObject().put("month", 8)).containsKey("route")).isFalse();
  }

  @Test
  void badInputIs400NamingTheField() {
    field(sites.recommend(new JsonObject().put("month", 13)).problem(400), "/month");
    field(sites.recommend(new JsonObject()).problem(400), "/month");
    field(sites.recommend(new JsonObject().put("month", 5).put("kinds", new JsonArray().add("volcano"))).problem(400), "/kinds/0");
    field(sites.recommend(new JsonObject().put("month", 5).put("tripDays", 10_000)).problem(400), "/tripDays");
    field(sites.recommend(new JsonObject().put("month", 5).put("origin", location(200, 117))).problem(400), "/origin/lat");
    JsonObject north = sites.recommend(new JsonObject().put("month", 5).put("origin", new JsonObject().put("lat", "north"))).problem(400);
    assertThat(north.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList())
        .as("every failing field, not only the first").containsExactlyInAnyOrder("/origin/lat", "/origin/lng");
    field(sites.recommend(new JsonObject().put("month", 5).put("maxDistanceKm", 50)).problem(400), "/maxDistanceKm");
    field(sites.recommend(new JsonObject().put("month", 5).put("mobility", new JsonArray().add("jetpack"))).problem(400), "/mobility/0");
    field(sites.recommend(new JsonObject().put("month", 5).put("region", "abc")).problem(400), "/region");
  }

  private JsonObject ok(JsonObject request) {
    Http.Response r = sites.recommend(request);
    assertThat(r.status()).as("%s -> %s", request, r.body()).isEqualTo(200);
    return r.json();
  }

  private static JsonObject randomRequest(Random random) {
    JsonObject request = new JsonObject().put("month", 1 + random.nextInt(12));
    if (random.nextBoolean()) request.put("kinds", new JsonArray(pick(random, KINDS, 1 + random.nextInt(2))));
    if (random.nextInt(3) > 0) request.put("mobility", new JsonArray(pick(random, ACCESSIBILITY, 1 + random.nextInt(2))));
    if (random.nextBoolean()) request.put("services", new JsonArray(pick(random, SERVICES, 1 + random.nextInt(3))));
    if (random.nextBoolean()) request.put("budget", 1 + random.nextInt(4));
    if (random.nextBoolean()) {
      double[] origin = ORIGINS[random.nextInt(ORIGINS.length)];
      request.put("origin", location(origin[0], origin[1]));
      if (random.nextBoolean()) request.put("maxDistanceKm", 50 + random.nextInt(250));
    } else if (random.nextInt(3) == 0) {
      request.put("region", List.of("370100", "370200", "370600", "371000", "371300", "370900").get(random.nextInt(6)));
    }
    return request;
  }

  private static List<String> pick(Random random, List<String> values, int n) {
    List<String> copy = new ArrayList<>(values);
    java.util.Collections.shuffle(copy, random);
    return copy.subList(0, n);
  }

  private static boolean meetsHardRequirements(JsonObject site, JsonObject request) {
    JsonArray kinds = request.getJsonArray("kinds", new JsonArray());
    if (!kinds.isEmpty() && !kinds.contains(site.getString("kind"))) return false;
    if (!site.getJsonArray("openMonths").contains(request.getInteger("month"))) return false;
    for (Object need : request.getJsonArray("mobility", new JsonArray())) if (!site.getJsonArray("accessibility").contains(need)) return false;
    if (request.containsKey("budget") && site.getInteger("priceLevel") > request.getInteger("budget")) return false;
    if (request.containsKey("region") && !site.getString("regionCode").startsWith(request.getString("region").substring(0, 4))) return false;
    if (request.containsKey("maxDistanceKm")) {
      JsonObject o = request.getJsonObject("origin");
      double d = NearQuery.distanceMeters(o.getDouble("lat"), o.getDouble("lng"), lat(site), lng(site));
      if (d > request.getInteger("maxDistanceKm") * 1000.0) return false;
    }
    return true;
  }

  private Map<String, JsonObject> activeSiteDetails() {
    Map<String, JsonObject> details = new HashMap<>();
    for (JsonObject s : sites.all("")) details.put(s.getString("id"), sites.get(s.getString("id")));
    return details;
  }

  private double nearestHospital(JsonObject site) throws Exception {
    try (Connection c = env.database();
         ResultSet rs = c.createStatement().executeQuery("SELECT lat, lng FROM facility WHERE status = 'active'"
             + " AND kind IN ('general_hospital', 'township_hospital', 'geriatric_hospital', 'rehabilitation_hospital')")) {
      double best = Double.MAX_VALUE;
      while (rs.next()) best = Math.min(best, NearQuery.distanceMeters(lat(site), lng(site), rs.getDouble(1), rs.getDouble(2)));
      return best;
    }
  }

  private static boolean hasReason(JsonArray reasons, String code) {
    return count(reasons, code) > 0;
  }

  private static long count(JsonArray reasons, String code) {
    return reasons.stream().filter(r -> ((JsonObject) r).getString("code").equals(code)).count();
  }

  private static String reasonText(JsonArray reasons, String code) {
    return reasons.stream().map(r -> (JsonObject) r).filter(r -> r.getString("code").equals(code)).findFirst().orElseThrow().getString("text");
  }

  private static JsonObject location(double lat, double lng) {
    return new JsonObject().put("lat", lat).put("lng", lng);
  }

  private static double distance(JsonObject a, JsonObject b) {
    return NearQuery.distanceMeters(lat(a), lng(a), lat(b), lng(b));
  }

  private static double lat(JsonObject site) {
    return site.getJsonObject("location").getDouble("lat");
  }

  private static double lng(JsonObject site) {
    return site.getJsonObject("location").getDouble("lng");
  }
}
