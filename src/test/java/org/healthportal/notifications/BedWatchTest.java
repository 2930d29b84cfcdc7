package org.healthportal.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.Poll;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bed watches: one notification when a watched level's free beds rise, none when they fall, stay
 * the same or another level frees; search watches by radius and filters; the limit, bad input and
 * another resident's watch. Each test reports beds of facilities of its own (made as admin1, at
 * random places in Jinan), so no other test's facility or watch is touched. The feeding instance
 * is this class's own, as in NotificationsTest.
 */
class BedWatchTest {

  private static TestEnv.Instance feeder;

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final Facilities facilities = new Facilities(http);
  private final String admin = env.token("admin1");

  @BeforeAll
  static void startFeeder() {
    feeder = TestEnv.get().startApp(NotificationsTest.FEEDING);
  }

  @AfterAll
  static void stopFeeder() {
    if (feeder != null) feeder.stop();
  }

  @Test
  void aWatchFiresOnceWhenBedsFreeNotWhenTakenUnchangedOrForAnotherLevel() throws Exception {
    double[] at = somewhereInJinan(0);
    String home = newCareHome("观床养老院", "Bedwatch Care Home", at[0], at[1]);
    report(home, "full_disability", 10, 3);
    report(home, "self_care", 10, 0);
    String token = newResident();
    String fullWatch = created(watch(token, new JsonObject().put("facilityId", home).put("careLevel", "full_disability").put("days", 7)));
    String selfWatch = created(watch(token, new JsonObject().put("facilityId", home).put("careLevel", "self_care").put("days", 7)));

    report(home, "full_disability", 10, 3); // unchanged
    report(home, "full_disability", 10, 1); // taken
    report(home, "full_disability", 10, 0); // taken
    feederCaughtUp();
    assertThat(bedNotifications(token)).isEmpty();

    report(home, "full_disability", 10, 2); // freed
    Poll.until("a bed_available", Duration.ofSeconds(20), () -> !bedNotifications(token).isEmpty());
    JsonObject n = bedNotifications(token).get(0);
    assertThat(n.getString("facilityId")).isEqualTo(home);
    assertThat(n.getString("careLevel")).isEqualTo("full_disability");
    assertThat(n.getString("bedsReportedAt")).isNotNull();
    assertThat(n.getString("title")).isEqualTo("A bed is free");
    assertThat(n.getString("body")).startsWith("Bedwatch Care Home reported a free bed for full disability at ");
    Http.Response zh = http.send("GET", "/v1/me/notifications", token, null, null, Map.of("Accept-Language", "zh-CN"));
    assertThat(zh.json().getJsonArray("items").getJsonObject(0).getString("body")).startsWith("观床养老院于").contains("失能空余床位");

    // The watch ended: more freed beds, and the same event read again, tell nothing more.
    report(home, "full_disability", 10, 5);
    sql("UPDATE outbox SET notified_at = NULL WHERE event_type = 'facility.care-beds-freed' AND aggregate_id = '" + home + "'");
    feederCaughtUp();
    assertThat(bedNotifications(token)).hasSize(1);
    assertThat(liveIds(token)).containsExactly(selfWatch).doesNotContain(fullWatch);

    // The other level's watch waited for its own level.
    report(home, "self_care", 10, 1);
    Poll.until("the self-care watch", Duration.ofSeconds(20), () -> bedNotifications(token).size() == 2);
    assertThat(bedNotifications(token).get(0).getString("careLevel")).isEqualTo("self_care");
    assertThat(liveIds(token)).isEmpty();
  }

  @Test
  void aSearchWatchFiresForAFacilityInsideItsRadiusAndNotOutside() throws Exception {
    double[] at = somewhereInJinan(1);
    // 0.05° of latitude is about 5.6 km: the point is 1.1 km from the near home, 6.7 km from the far one.
    String near = newCareHome("半径内养老院", "Inside Care Home", at[0], at[1]);
    String far = newCareHome("半径外养老院", "Outside Care Home", at[0] + 0.06, at[1]);
    String token = newResident();
    created(watch(token, new JsonObject().put("near", (at[0] + 0.01) + "," + at[1]).put("radiusKm", 3).put("careLevel", "self_care")
        .put("kinds", new JsonArray().add("elderly_care_home")).put("maxMonthlyPrice", 2500).put("medicalInsurance", true).put("days", 3)));
    // A watch with a filter the near home fails (price) stays silent.
    String cheap = created(watch(token, new JsonObject().put("near", (at[0] + 0.01) + "," + at[1]).put("radiusKm", 3)
        .put("careLevel", "self_care").put("maxMonthlyPrice", 1000).put("days", 3)));

    report(far, "self_care", 5, 2);
    feederCaughtUp();
    assertThat(bedNotifications(token)).isEmpty();

    report(near, "self_care", 5, 2);
    Poll.until("the search watch", Duration.ofSeconds(20), () -> !bedNotifications(token).isEmpty());
    feederCaughtUp();
    List<JsonObject> told = bedNotifications(token);
    assertThat(told).hasSize(1);
    assertThat(told.get(0).getString("facilityId")).isEqualTo(near);
    assertThat(liveIds(token)).containsExactly(cheap);
  }

  @Test
  void aWatchPastItsDaysNeitherFiresNorCountsNorIsListed() throws Exception {
    double[] at = somewhereInJinan(3);
    String home = newCareHome("到期养老院", "Expiry Care Home", at[0], at[1]);
    String token = newResident();
    String expired = created(watch(token, new JsonObject().put("facilityId", home).put("careLevel", "self_care").put("days", 1)));
    sql("UPDATE bed_watch SET expires_at = now() - interval '1 second' WHERE id = '" + expired + "'");
    assertThat(liveIds(token)).isEmpty();

    report(home, "self_care", 4, 2);
    feederCaughtUp();
    assertThat(bedNotifications(token)).isEmpty();
    assertThat(http.send("DELETE", "/v1/me/bed-watches/" + expired, token, null, null, Map.of()).status()).isEqualTo(404);
  }

  /** Ended watches are forgotten a week after they fired or expired, by the reminder round (every second here). */
  @Test
  void endedWatchesAreForgottenAWeekAfterTheyEnded() throws Exception {
    double[] at = somewhereInJinan(5);
    String home = newCareHome("清理养老院", "Cleanup Care Home", at[0], at[1]);
    String token = newResident();
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) ids.add(created(watch(token, new JsonObject().put("facilityId", home).put("careLevel", "self_care").put("days", 2))));
    sql("UPDATE bed_watch SET fired_at = now() - interval '8 days' WHERE id = '" + ids.get(0) + "'");
    sql("UPDATE bed_watch SET expires_at = now() - interval '8 days' WHERE id = '" + ids.get(1) + "'");
    sql("UPDATE bed_watch SET fired_at = now() - interval '6 days' WHERE id = '" + ids.get(2) + "'");
    sql("UPDATE bed_watch SET expires_at = now() - interval '6 days' WHERE id = '" + ids.get(3) + "'");
    Poll.until("the week-old ended watches forgotten", Duration.ofSeconds(15), () -> stored(ids).size() == 3);
    assertThat(stored(ids)).as("ended less than a week ago, or live").containsExactlyInAnyOrderElementsOf(ids.subList(2, 5));
    assertThat(liveIds(token)).containsExactly(ids.get(4));
  }

  @Test
  void theLimitBadInputAndAnotherResidentsWatchAreProblems() {
    double[] at = somewhereInJinan(4);
    String home = newCareHome("限额养老院", "Limit Care Home", at[0], at[1]);
    String token = newResident();
    JsonObject one = new JsonObject().put("facilityId", home).put("careLevel", "self_care").put("days", 1);
    int limit = okJson(http.get("/v1/me/bed-watches", token)).getInteger("limit");
    String first = null;
    for (int i = 0; i < limit; i++) {
      String id = created(watch(token, one));
      if (first == null) first = id;
    }
    JsonObject full = watch(token, one).problem(409);
    assertThat(full.getString("type")).endsWith("/watch-limit");
    assertThat(full.getString("detail")).contains(String.valueOf(limit));

    // Another resident's watch is as one that does not exist; deleting frees a place.
    String other = newResident();
    assertThat(http.send("DELETE", "/v1/me/bed-watches/" + first, other, null, null, Map.of()).problem(404).getString("type"))
        .endsWith("/not-found");
    assertThat(okJson(http.get("/v1/me/bed-watches", other)).getJsonArray("items")).isEmpty();
    assertThat(http.send("DELETE", "/v1/me/bed-watches/" + first, token, null, null, Map.of()).status()).isEqualTo(204);
    assertThat(http.send("DELETE", "/v1/me/bed-watches/" + first, token, null, null, Map.of()).status()).isEqualTo(404);
    created(watch(token, one));
    assertThat(watch(env.token("staff1"), one).problem(403).getString("type")).endsWith("/forbidden");

    // Bad input: every failing field with its rule.
    JsonObject bad = watch(other, new JsonObject().put("careLevel", "luxury").put("days", 0).put("radiusKm", 80)).problem(400);
    assertThat(fields(bad)).contains("/careLevel", "/days", "/radiusKm");
    JsonObject neither = watch(other, new JsonObject().put("careLevel", "self_care").put("days", 2)).problem(400);
    assertThat(fields(neither)).containsExactlyInAnyOrder("/facilityId", "/near");
    assertThat(neither.getJsonArray("errors").getJsonObject(0).getString("detail")).contains("one facility or for one search");
    JsonObject both = watch(other, new JsonObject().put("careLevel", "self_care").put("days", 2).put("facilityId", home)
        .put("near", "36.6,117.0").put("maxMonthlyPrice", 100)).problem(400);
    assertThat(fields(both)).containsExactlyInAnyOrder("/facilityId", "/near", "/maxMonthlyPrice");
    JsonObject level = watch(other, new JsonObject().put("careLevel", "dementia").put("days", 2).put("facilityId", home)).problem(400);
    assertThat(fields(level)).containsExactly("/careLevel");
    JsonObject missing = watch(other, new JsonObject().put("careLevel", "self_care").put("days", 2)
        .put("facilityId", "d0000000-0000-4000-8000-00000000ffff")).problem(400);
    assertThat(fields(missing)).containsExactly("/facilityId");
  }

  private Http.Response watch(String token, JsonObject body) {
    return http.send("POST", "/v1/me/bed-watches", token, "application/json", body.encode(), Map.of());
  }

  private static String created(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.header("Location")).isEqualTo("/v1/me/bed-watches/" + r.json().getString("id"));
    return r.json().getString("id");
  }

  private List<String> liveIds(String token) {
    return okJson(http.get("/v1/me/bed-watches", token)).getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  private List<JsonObject> bedNotifications(String token) {
    return okJson(http.get("/v1/me/notifications?limit=100", token)).getJsonArray("items").stream().map(i -> (JsonObject) i)
        .filter(n -> "bed_available".equals(n.getString("kind"))).toList();
  }

  private static List<String> fields(JsonObject problem) {
    return problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  private void report(String facility, String level, int total, int free) {
    Http.Response r = facilities.reportBeds(facility, admin, new JsonArray()
        .add(new JsonObject().put("careLevel", level).put("total", total).put("free", free)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private String newCareHome(String nameZh, String nameEn, double lat, double lng) {
    return facilities.create(admin, Facilities.newCareHome(nameZh, nameEn, lat, lng)).getString("id");
  }

  /**
   * A place in Jinan's countryside, in a strip of its own per test (0.2° of longitude, over 15 km,
   * apart), so one test's bed reports never reach another's search watches.
   */
  private static double[] somewhereInJinan(int strip) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new double[] {36.20 + r.nextDouble(0.3), 116.60 + 0.2 * strip + r.nextDouble(0.02)};
  }

  /** Waits until the feeder has seen every outbox event written so far. */
  private void feederCaughtUp() throws Exception {
    long last;
    try (var c = env.database(); var rs = c.createStatement().executeQuery("SELECT coalesce(max(id), 0) FROM outbox")) {
      rs.next();
      last = rs.getLong(1);
    }
    Poll.until("the feeder to see event " + last, Duration.ofSeconds(20), () -> {
      try (var c = env.database(); var rs = c.createStatement().executeQuery(
          "SELECT count(*) FROM outbox WHERE id <= " + last + " AND notified_at IS NULL")) {
        rs.next();
        return rs.getLong(1) == 0;
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Which of these watches are still stored, ended or not. */
  private List<String> stored(List<String> ids) {
    List<String> found = new java.util.ArrayList<>();
    try (var c = env.database(); var rs = c.createStatement().executeQuery("SELECT id FROM bed_watch WHERE id IN ('"
        + String.join("','", ids) + "')")) {
      while (rs.next()) found.add(rs.getString(1));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  private void sql(String statement) throws Exception {
    try (var c = env.database()) {
      c.createStatement().executeUpdate(statement);
    }
  }

  private String newResident() {
    return ResidentFixtures.newResident(env, "watch");
  }

  private static JsonObject okJson(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }
}
