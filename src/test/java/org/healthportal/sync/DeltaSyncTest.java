package org.healthportal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Listings.field;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.Listings;
import org.healthportal.support.TestClock;
import org.healthportal.support.TestEnv;
import org.healthportal.support.TourismSites;
import org.junit.jupiter.api.Test;

/** Delta sync: a replica built only from /v1/changes equals a full read of the public data. */
class DeltaSyncTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final Facilities facilities = new Facilities(http);
  private final TourismSites sites = new TourismSites(http);

  /** An offline copy: type/id -> the listing's data. */
  private static final class Replica {
    final Map<String, JsonObject> listings = new HashMap<>();
    String cursor;

    Map<String, JsonObject> of(String type) {
      Map<String, JsonObject> result = new HashMap<>();
      listings.forEach((k, v) -> {
        if (k.startsWith(type + "/")) result.put(k.substring(type.length() + 1), v);
      });
      return result;
    }
  }

  @Test
  void aReplicaAppliedFromChangesEqualsAFullReadAfterRandomEdits() {
    Replica replica = new Replica();
    sync(replica, 500);
    assertEqualsServer(replica);

    String admin = env.token("admin1");
    Random random = new Random(424242);
    List<String> created = new ArrayList<>();
    List<String> createdSites = new ArrayList<>();
    for (int step = 0; step < 30; step++) {
      switch (random.nextInt(7)) {
        case 0 -> facilities.patch(Facilities.HEALTH_CENTRE_2, admin, etag("/v1/facilities/" + Facilities.HEALTH_CENTRE_2),
            new JsonObject().put("openingHours", "08:00-" + (12 + random.nextInt(10)) + ":00"));
        case 1 -> facilities.reportBeds(Facilities.CARE_HOME_1, admin, new JsonArray().add(new JsonObject()
            .put("careLevel", "self_care").put("total", 40).put("free", random.nextInt(40))));
        case 2 -> created.add(facilities.create(admin, Facilities.newCareHome("同步测试养老院" + step, null, 36.6 + random.nextDouble() / 10, 117.0))
            .getString("id"));
        case 3 -> {
          if (!created.isEmpty()) http.send("POST", "/v1/facilities/" + created.remove(0) + "/close", admin, "application/json", "", Map.of());
        }
        case 4 -> sites.patch(TourismSites.DONGPING_LAKE, admin, sites.etag(TourismSites.DONGPING_LAKE),
            new JsonObject().put("openingHours", "0" + (6 + random.nextInt(3)) + ":00-17:00"));
        case 5 -> {
          Http.Response r = sites.create(admin, TourismSites.newSite("同步测试温泉" + step, 36.5, 117.2));
          assertThat(r.status()).isEqualTo(201);
          createdSites.add(r.json().getString("id"));
        }
        default -> {
          if (!createdSites.isEmpty()) sites.close(createdSites.remove(0), admin);
        }
      }
      if (step % 7 == 3) sync(replica, 3); // small pages: cursors in the middle of a batch
    }
    sync(replica, 7);
    assertEqualsServer(replica);
  }

  @Test
  void aChangeCommittedLateByAnOlderTransactionIsNotSkipped() throws Exception {
    Replica replica = new Replica();
    sync(replica, 500);
    String admin = env.token("admin1");
    try (Connection slow = env.database()) {
      slow.setAutoCommit(false);
      // This transaction takes its place in the log first but commits last.
      slow.createStatement().executeUpdate("UPDATE facility SET opening_hours = 'slow-writer' WHERE id = '" + Facilities.QINGDAO_3 + "'");
      Http.Response quick = sites.patch(TourismSites.DONGPING_LAKE, admin, sites.etag(TourismSites.DONGPING_LAKE),
          new JsonObject().put("phone", "0538-" + (1_000_000 + new Random().nextInt(8_000_000))));
      assertThat(quick.status()).isEqualTo(200);
      sync(replica, 500);
      slow.commit();
    }
    sync(replica, 500);
    assertThat(replica.of("facility").get(Facilities.QINGDAO_3).getString("openingHours")).isEqualTo("slow-writer");
    assertThat(replica.of("tourism-site").get(TourismSites.DONGPING_LAKE)).isEqualTo(withoutNearestCare(sites.get(TourismSites.DONGPING_LAKE)));
  }

  @Test
  void pollingWithoutChangesAnswers304AndTypesFilter() {
    Replica replica = new Replica();
    JsonObject first = http.get("/v1/changes?types=tourism-site&limit=500").json();
    assertThat(first.getJsonArray("items")).allSatisfy(i -> assertThat(((JsonObject) i).getString("type")).isEqualTo("tourism-site"));
    replica.cursor = first.getString("nextCursor");
    Http.Response idle = http.get("/v1/changes?types=tourism-site&since=" + replica.cursor);
    assertThat(idle.json().getJsonArray("items")).isEmpty();
    Http.Response again = http.send(http.request("/v1/changes?types=tourism-site&since=" + replica.cursor, null)
        .header("If-None-Match", idle.header("ETag")).build());
    assertThat(again.status()).isEqualTo(304);
  }

  @Test
  void badAndExpiredCursorsTellTheClientToResync() throws Exception {
    field(http.get("/v1/changes?since=garbage").problem(400), "since");
    String cursor = http.get("/v1/changes?types=team&limit=1").json().getString("nextCursor");
    assertThat(http.get("/v1/changes?types=facility&since=" + cursor).problem(400).getString("detail")).contains("types");
    field(http.get("/v1/changes?types=volcano").problem(400), "types");
    field(http.get("/v1/changes?limit=501").problem(400), "limit");

    // Cursor ages go by the instance's clock: move it past the maximum age instead of waiting.
    TestClock clock = new TestClock();
    TestEnv.Instance instance = env.startApp(Map.of("changes.cursor-max-age-seconds", "3600"), clock);
    try {
      String old = instance.http().get("/v1/changes?types=team&limit=1").json().getString("nextCursor");
      clock.advance(Duration.ofMinutes(59));
      assertThat(instance.http().get("/v1/changes?types=team&since=" + old).status()).as("within the maximum age").isEqualTo(200);
      clock.advance(Duration.ofMinutes(1).plusSeconds(1));
      JsonObject gone = instance.http().get("/v1/changes?types=team&since=" + old).problem(410);
      assertThat(gone.getString("detail")).contains("Resync");
    } finally {
      instance.stop();
    }
  }

  @Test
  void compactionKeepsEveryCursorWorking() throws Exception {
    Replica replica = new Replica();
    sync(replica, 50);
    String admin = env.token("admin1");
    for (int i = 0; i < 3; i++) {
      facilities.patch(Facilities.HEALTH_CENTRE_2, admin, etag("/v1/facilities/" + Facilities.HEALTH_CENTRE_2),
          new JsonObject().put("openingHours", "compaction-" + i + "-" + UUID.randomUUID().toString().substring(0, 4)));
    }
    try (Connection c = env.database()) {
      assertThat(c.createStatement().executeUpdate(ChangeFeed.COMPACT)).isPositive();
    }
    sync(replica, 50);
    assertThat(replica.of("facility").get(Facilities.HEALTH_CENTRE_2)).isEqualTo(facilities.get(Facilities.HEALTH_CENTRE_2));
    Replica fresh = new Replica();
    sync(fresh, 500);
    assertEqualsServer(fresh);
  }

  /** Reads pages of at most {@code limit} until hasMore is false, applying each item in order. */
  private void sync(Replica replica, int limit) {
    boolean more;
    do {
      Http.Response r = http.get("/v1/changes?limit=" + limit + (replica.cursor == null ? "" : "&since=" + replica.cursor));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonObject page = r.json();
      for (Object o : page.getJsonArray("items")) {
        JsonObject change = (JsonObject) o;
        String key = change.getString("type") + "/" + change.getString("id");
        if (change.getString("action").equals("upsert")) replica.listings.put(key, change.getJsonObject("data"));
        else replica.listings.remove(key);
      }
      replica.cursor = page.getString("nextCursor");
      more = page.getBoolean("hasMore");
    } while (more);
  }

  private void assertEqualsServer(Replica replica) {
    Map<String, JsonObject> facilityCopy = replica.of("facility");
    List<String> activeFacilities = Listings.ids(facilities.all(""));
    assertThat(facilityCopy.keySet()).containsExactlyInAnyOrderElementsOf(activeFacilities);
    for (String id : activeFacilities) assertThat(facilityCopy.get(id)).as("facility %s", id).isEqualTo(facilities.get(id));

    Map<String, JsonObject> siteCopy = replica.of("tourism-site");
    List<String> activeSites = Listings.ids(sites.all(""));
    assertThat(siteCopy.keySet()).containsExactlyInAnyOrderElementsOf(activeSites);
    for (String id : activeSites) assertThat(siteCopy.get(id)).as("site %s", id).isEqualTo(withoutNearestCare(sites.get(id)));

    Map<String, JsonObject> teamCopy = replica.of("team");
    List<JsonObject> teams = Listings.all(http, "/v1/family-doctor/teams", "");
    assertThat(teamCopy.keySet()).containsExactlyInAnyOrderElementsOf(Listings.ids(teams));
    for (JsonObject t : teams) {
      assertThat(teamCopy.get(t.getString("id"))).isEqualTo(http.get("/v1/family-doctor/teams/" + t.getString("id")).json());
    }
  }

  private static JsonObject withoutNearestCare(JsonObject site) {
    JsonObject copy = site.copy();
    copy.remove("nearestCare");
    return copy;
  }

  private String etag(String path) {
    return http.get(path).header("ETag");
  }
}
