package org.healthportal.platform.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.enc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * The in-memory search index answers exactly as PostgreSQL does: every random search, page by page,
 * is the same bytes from an instance on the index and from one with the index off; and a write on
 * any instance is in the next search on every instance.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class SearchIndexTest {

  private static final long SEED = Long.getLong("index.seed", 20_261_127L);
  private final TestEnv env = TestEnv.get();
  private final Http onIndex = env.http;
  private final Http onDatabase = env.startInstance(Map.of("search.index.enabled", "false"));
  private final List<JsonObject> demo = new Facilities(onIndex).all("");

  @Test
  void everySearchIsTheDatabasesAnswer() {
    Random random = new Random(SEED);
    double servedBefore = indexReads("index") + indexReads("caught-up");
    int pages = 0;
    for (int i = 0; i < 250; i++) pages += compare(randomQuery(random, null), random.nextInt(3) + 1);
    assertThat(pages).isGreaterThan(250);
    assertThat(indexReads("index") + indexReads("caught-up") - servedBefore).as("near-me searches served by the index").isGreaterThan(100);
  }

  @Test
  void everyFacilityDetailIsTheDatabasesAnswer() {
    double servedBefore = indexReads("index") + indexReads("caught-up");
    double cachedBefore = org.healthportal.support.Scrape.sum(env.management, "hp_cache_requests_total", "namespace=\"facilities.v1\"");
    for (JsonObject f : demo) compareDetail(onIndex, f.getString("id"));
    assertThat(indexReads("index") + indexReads("caught-up") - servedBefore).as("details served by the index")
        .isGreaterThanOrEqualTo(demo.size());
    // From the index itself: no detail of an open facility went through the cache.
    assertThat(org.healthportal.support.Scrape.sum(env.management, "hp_cache_requests_total", "namespace=\"facilities.v1\""))
        .as("cache reads for details on the indexed instance").isEqualTo(cachedBefore);
    compareDetail(onIndex, "00000000-0000-4000-8000-000000000000");
  }

  @Test
  void everyTourismSiteSearchIsTheDatabasesAnswer() {
    Random random = new Random(SEED + 2);
    List<JsonObject> sites = org.healthportal.support.Listings.all(onIndex, "/v1/tourism/sites", "");
    assertThat(sites).hasSizeGreaterThan(50);
    for (int i = 0; i < 200; i++) {
      List<String> params = new ArrayList<>();
      boolean near = random.nextInt(10) < 7;
      if (near) {
        JsonObject anchor = sites.get(random.nextInt(sites.size())).getJsonObject("location");
        params.add(String.format(Locale.ROOT, "near=%.5f,%.5f&radiusKm=%d", anchor.getDouble("lat") + (random.nextDouble() - 0.5) * 0.5,
            anchor.getDouble("lng") + (random.nextDouble() - 0.5) * 0.5, 5 + random.nextInt(46)));
      }
      if (random.nextInt(4) == 0) params.add("kind=" + pick(random, "seaside", "mountain_forest", "hot_spring", "rural", "tcm"));
      if (random.nextInt(5) == 0) params.add("region=" + pick(random, "370000", "370200", "370600", "371000", "370100"));
      if (random.nextInt(4) == 0) params.add("month=" + (1 + random.nextInt(12)));
      if (random.nextInt(5) == 0) params.add("accessibility=" + pick(random, "step_free", "wheelchair", "elderly_lodging", "medical_point"));
      if (random.nextInt(5) == 0) params.add("service=" + pick(random, "forest_bathing", "hot_spring_therapy", "tcm_therapy", "rehabilitation"));
      if (random.nextInt(6) == 0) params.add("designation=" + pick(random, "national_forest_wellness_base", "national_5a_scenic_area"));
      if (random.nextInt(5) == 0) params.add("maxPriceLevel=" + (1 + random.nextInt(4)));
      if (random.nextInt(6) == 0) params.add("q=" + enc(pick(random, "温泉", "山", "海", "spa", "Forest", "hot spring", "康养")));
      if (random.nextInt(3) > 0) params.add("sort=" + (near ? pick(random, "distance", "priceLevel", "name") : pick(random, "priceLevel", "name")));
      params.add("limit=" + pick(random, "1", "5", "20"));
      compare("/v1/tourism/sites", onIndex, String.join("&", params), 3);
    }
  }

  @Test
  void everyTeamSearchIsTheDatabasesAnswerAlsoRightAfterAChange() {
    Random random = new Random(SEED + 3);
    List<Http> instances = List.of(onIndex, env.startInstance(Map.of()));
    String admin = env.token("admin1");
    for (int i = 0; i < 120; i++) {
      if (i % 10 == 0) {
        // A new team somewhere in Jinan, or a cap that fills a team up: the next search anywhere shows it.
        Http writer = instances.get(random.nextInt(instances.size()));
        JsonObject team = new JsonObject().put("facilityId", Facilities.HEALTH_CENTRE_2).put("nameZh", "索引团队" + i)
            .put("serviceArea", new JsonArray().add(pick(random, "370102", "370103", "370112"))).put("panelCap", 1 + random.nextInt(3))
            .put("packages", new JsonArray().add("basic")).put("members", new JsonArray());
        Http.Response created = writer.send("POST", "/v1/family-doctor/teams", admin, "application/json", team.encode(), Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
      }
      List<String> params = new ArrayList<>();
      if (random.nextInt(10) < 6) {
        JsonObject anchor = demo.get(random.nextInt(demo.size())).getJsonObject("location");
        params.add(String.format(Locale.ROOT, "near=%.5f,%.5f&radiusKm=%d", anchor.getDouble("lat") + (random.nextDouble() - 0.5) * 0.3,
            anchor.getDouble("lng") + (random.nextDouble() - 0.5) * 0.3, 5 + random.nextInt(46)));
      }
      if (random.nextInt(4) == 0) params.add("region=" + pick(random, "370100", "370102", "370103", "370200"));
      if (random.nextInt(5) == 0) params.add("package=" + pick(random, "basic", "elderly_65", "chronic"));
      if (random.nextInt(4) == 0) params.add("hasCapacity=" + random.nextBoolean());
      if (random.nextInt(6) == 0) params.add("facility=" + Facilities.HEALTH_CENTRE_2);
      params.add("limit=" + pick(random, "1", "3", "20"));
      compare("/v1/family-doctor/teams", instances.get(random.nextInt(instances.size())), String.join("&", params), 3);
    }
  }

  @Test
  void aWriteOnAnyInstanceIsInTheNextSearchOnEveryInstance() {
    Random random = new Random(SEED + 1);
    List<Http> instances = List.of(onIndex, env.startInstance(Map.of()), env.startInstance(Map.of()));
    String admin = env.token("admin1");
    List<String> created = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Http writer = instances.get(random.nextInt(instances.size()));
      Facilities facilities = new Facilities(writer);
      double lat = 36.60 + random.nextDouble() * 0.1;
      double lng = 117.00 + random.nextDouble() * 0.2;
      int action = created.isEmpty() ? 0 : random.nextInt(4);
      switch (action) {
        case 0 -> created.add(facilities.create(admin, Facilities.newCareHome("索引测试" + i, "Index test " + i, lat, lng)).getString("id"));
        case 1 -> {
          String id = created.get(random.nextInt(created.size()));
          int total = 5 + random.nextInt(20);
          Http.Response r = facilities.reportBeds(id, admin, new JsonArray().add(new JsonObject()
              .put("careLevel", random.nextBoolean() ? "self_care" : "full_disability").put("total", total).put("free", random.nextInt(total + 1))));
          assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        case 2 -> {
          String id = created.get(random.nextInt(created.size()));
          String etag = writer.get("/v1/facilities/" + id).header("ETag");
          Http.Response r = facilities.patch(id, admin, etag, new JsonObject()
              .put("location", new JsonObject().put("lat", lat).put("lng", lng)).put("nameEn", "Moved index test " + i));
          assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        default -> {
          String id = created.remove(random.nextInt(created.size()));
          closed.add(id);
          Http.Response r = writer.send("POST", "/v1/facilities/" + id + "/close", admin, "application/json", "", Map.of());
          assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
      }
      for (Http reader : instances) {
        String near = String.format(Locale.ROOT, "near=%.5f,%.5f&radiusKm=%d", lat, lng, 3 + random.nextInt(20));
        compare(reader, near + "&careLevel=full_disability&sort=distance", 1);
        compare(reader, near + (random.nextBoolean() ? "&hasVacancy=true" : "&sort=freeBeds"), 1);
        compare(reader, "q=" + enc("索引测试") + "&sort=name&limit=100", 1);
        for (String id : created) compareDetail(reader, id);
        for (String id : closed) compareDetail(reader, id);
      }
    }
  }

  /** Compares a facility search and up to {@code pages} of its continuation; returns the pages compared. */
  private int compare(String query, int pages) {
    return compare(onIndex, query, pages);
  }

  private int compare(Http instance, String query, int pages) {
    return compare("/v1/facilities", instance, query, pages);
  }

  private int compare(String basePath, Http instance, String query, int pages) {
    String cursor = null;
    int compared = 0;
    do {
      String path = basePath + "?" + query + (cursor == null ? "" : "&cursor=" + cursor);
      Http.Response fromIndex = instance.get(path);
      Http.Response fromDatabase = onDatabase.get(path);
      assertThat(fromIndex.status()).as(path + " -> " + fromIndex.body()).isEqualTo(200);
      assertThat(fromIndex.body()).as(path).isEqualTo(fromDatabase.body());
      compared++;
      cursor = fromIndex.json().getString("nextCursor");
    } while (cursor != null && compared < pages);
    return compared;
  }

  /** A facility's detail, or its absence: the same status, bytes and ETag as from the database. */
  private void compareDetail(Http instance, String id) {
    Http.Response fromIndex = instance.get("/v1/facilities/" + id);
    Http.Response fromDatabase = onDatabase.get("/v1/facilities/" + id);
    assertThat(fromIndex.status()).as(id).isEqualTo(fromDatabase.status());
    if (fromIndex.status() != 200) return;
    assertThat(fromIndex.body()).as(id).isEqualTo(fromDatabase.body());
    assertThat(fromIndex.header("ETag")).as(id).isEqualTo(fromDatabase.header("ETag"));
  }

  /** A random search: mostly near-me from a random position, with random filters, sort and page size. */
  private String randomQuery(Random random, String around) {
    List<String> params = new ArrayList<>();
    boolean near = random.nextInt(10) < 8;
    if (near) {
      JsonObject anchor = demo.get(random.nextInt(demo.size())).getJsonObject("location");
      params.add(String.format(Locale.ROOT, "near=%.5f,%.5f", anchor.getDouble("lat") + (random.nextDouble() - 0.5) * 0.3,
          anchor.getDouble("lng") + (random.nextDouble() - 0.5) * 0.3));
      if (random.nextBoolean()) params.add("radiusKm=" + (random.nextBoolean() ? 1 + random.nextInt(50) : Math.round(random.nextDouble() * 4900 + 100) / 100.0));
    }
    if (random.nextInt(3) == 0) params.add("careLevel=" + pick(random, "self_care", "partial_disability", "full_disability", "dementia"));
    if (random.nextInt(4) == 0) params.add("hasVacancy=" + random.nextBoolean());
    if (random.nextInt(5) == 0) params.add("kind=" + pick(random, "elderly_care_home", "nursing_home", "community_health_centre", "township_hospital"));
    if (random.nextInt(8) == 0) params.add("kind=" + pick(random, "general_hospital", "hospice", "day_care_centre"));
    if (random.nextInt(5) == 0) params.add("region=" + pick(random, "370000", "370100", "370102", "370200", "370600", "371300"));
    if (random.nextInt(5) == 0) params.add("maxMonthlyPrice=" + (1000 + random.nextInt(6000)));
    if (random.nextInt(5) == 0) params.add("minRating=" + (1 + random.nextInt(5)));
    if (random.nextInt(6) == 0) params.add("medicalInsurance=" + random.nextBoolean());
    if (random.nextInt(6) == 0) params.add("ltcInsurance=" + random.nextBoolean());
    if (random.nextInt(6) == 0) params.add("q=" + enc(textOf(random)));
    String sort = near ? pick(random, "distance", "distance", "price", "rating", "freeBeds", "name") : pick(random, "price", "rating", "freeBeds", "name");
    if (random.nextInt(4) > 0) params.add("sort=" + sort);
    params.add("limit=" + pick(random, "1", "3", "10", "20", "50"));
    return String.join("&", params);
  }

  /** Part of a real name: a Chinese substring, or English words. */
  private String textOf(Random random) {
    JsonObject f = demo.get(random.nextInt(demo.size()));
    if (random.nextBoolean() || f.getString("nameEn") == null) {
      String zh = f.getString("nameZh");
      int from = random.nextInt(zh.length());
      return zh.substring(from, Math.min(zh.length(), from + 1 + random.nextInt(3)));
    }
    String[] words = f.getString("nameEn").split(" ");
    return words[random.nextInt(words.length)].toUpperCase(Locale.ROOT) + (random.nextBoolean() ? " " + words[0] : "");
  }

  private static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private double indexReads(String outcome) {
    String metrics = env.management.get("/metrics").body();
    Matcher m = Pattern.compile("hp_search_index_reads_total\\{index=\"facilities\",outcome=\"" + outcome + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
