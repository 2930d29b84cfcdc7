package org.healthportal.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.dev.PostgresReplica;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.healthportal.support.Poll;

/**
 * Instances with a real streaming replica of the suite's PostgreSQL: the search index and exports read
 * from the replica; a write is in the next search on every instance even while the replica replays late; a
 * stopped replica is skipped without an error a client sees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReplicaTest {

  private final TestEnv env = TestEnv.get();
  private final PostgresReplica replica = env.replica();
  private final int managementPort = TestEnv.freePort();
  private final Http management = new Http("http://localhost:" + managementPort, env.app.vertx());
  private final TestEnv.Instance first = env.startApp(Map.of("db.replica-urls", replica.url(), "db.replica-probe-interval-ms", "50",
      "management.port", String.valueOf(managementPort)));
  private final TestEnv.Instance second = env.startApp(Map.of("db.replica-urls", replica.url(), "db.replica-probe-interval-ms", "50"));
  private final Http withReplica = first.http();
  private final Http otherWithReplica = second.http();
  private final String admin = env.token("admin1");
  private int created;

  @AfterAll
  void putTheReplicaBackAndStop() {
    replica.start();
    replica.setApplyDelay(Duration.ZERO);
    first.stop();
    second.stop();
  }

  @Test
  void theSearchIndexReadsFromTheReplica() {
    double before = reads("search-index", "replica");
    // A write elsewhere makes this instance refresh its index within a poll: on the replica, once it
    // has replayed the write (the writer's own refresh, at once, finds it behind and reads the primary).
    JsonObject facility = createNear(36.70, 117.05, otherWithReplica);
    awaitTrue("a refresh read on the replica", () -> reads("search-index", "replica") > before);
    assertThat(searchNear(withReplica, facility)).contains(facility.getString("id"));
  }

  @Test
  void anExportReadsFromTheReplicaOnceItHasReplayedTheWritesBefore() {
    JsonObject facility = createNear(36.72, 117.07, otherWithReplica);
    replica.awaitCaughtUp(Duration.ofSeconds(10));
    awaitTrue("the probe saw the replica catch up", () -> {
      double before = reads("export", "replica");
      Http.Response export = withReplica.get("/v1/exports/facilities");
      assertThat(export.status()).isEqualTo(200);
      assertThat(export.body()).contains(facility.getString("id"));
      return reads("export", "replica") > before;
    });
  }

  @Test
  void aWriteIsInTheNextSearchWhileTheReplicaReplaysLate() {
    replica.setApplyDelay(Duration.ofSeconds(10));
    try {
      for (int i = 0; i < 5; i++) {
        Http writer = i % 2 == 0 ? withReplica : otherWithReplica;
        JsonObject facility = createNear(36.71 + i * 0.01, 117.06, writer);
        // The replica will not show it for 10 s; the primary serves the refresh until it does.
        assertThat(replicaHas(facility.getString("id"))).as("the replica is behind").isFalse();
        for (Http reader : List.of(withReplica, otherWithReplica)) {
          assertThat(searchNear(reader, facility)).as("read after write on " + reader.baseUrl()).contains(facility.getString("id"));
          assertThat(reader.get("/v1/exports/facilities").body()).as("export after write on " + reader.baseUrl()).contains(facility.getString("id"));
          assertThat(reader.get("/v1/facilities/" + facility.getString("id")).status()).isEqualTo(200);
        }
        Http.Response beds = new Facilities(writer).reportBeds(facility.getString("id"), admin, new JsonArray()
            .add(new JsonObject().put("careLevel", "full_disability").put("total", 10).put("free", 7)));
        assertThat(beds.status()).as(beds.body()).isEqualTo(200);
        for (Http reader : List.of(withReplica, otherWithReplica)) {
          assertThat(freeBeds(reader.get("/v1/facilities/" + facility.getString("id")).json(), "full_disability"))
              .as("beds after the report, on " + reader.baseUrl()).isEqualTo(7);
        }
      }
    } finally {
      replica.setApplyDelay(Duration.ZERO);
    }
  }

  @Test
  void aStoppedReplicaIsSkippedWithoutAnError() {
    replica.stop();
    try {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        JsonObject facility = createNear(36.80 + i * 0.01, 117.10, i % 2 == 0 ? withReplica : otherWithReplica);
        for (Http reader : List.of(withReplica, otherWithReplica)) {
          Http.Response found = reader.get("/v1/facilities?" + nearQuery(facility));
          statuses.add(found.status());
          assertThat(found.body()).contains(facility.getString("id"));
        }
      }
      assertThat(statuses).allMatch(s -> s == 200);
    } finally {
      replica.start();
    }
    double before = reads("search-index", "replica");
    createNear(36.90, 117.20, otherWithReplica);
    awaitTrue("the replica serves again once it is back", () -> reads("search-index", "replica") > before);
  }

  private JsonObject createNear(double lat, double lng, Http writer) {
    created++;
    return new Facilities(writer).create(admin, Facilities.newCareHome("副本测试" + created, "Replica test " + created, lat, lng));
  }

  private static String nearQuery(JsonObject facility) {
    JsonObject at = facility.getJsonObject("location");
    return String.format(Locale.ROOT, "near=%.5f,%.5f&radiusKm=1&limit=50", at.getDouble("lat"), at.getDouble("lng"));
  }

  private static String searchNear(Http reader, JsonObject facility) {
    Http.Response r = reader.get("/v1/facilities?" + nearQuery(facility));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static int freeBeds(JsonObject facility, String careLevel) {
    JsonArray beds = facility.getJsonArray("beds");
    for (int i = 0; i < beds.size(); i++) {
      if (careLevel.equals(beds.getJsonObject(i).getString("careLevel"))) return beds.getJsonObject(i).getInteger("free");
    }
    throw new AssertionError("no " + careLevel + " beds in " + facility.encode());
  }

  private boolean replicaHas(String id) {
    try (var c = replica.connect(); var s = c.prepareStatement("SELECT 1 FROM facility WHERE id = ?::uuid")) {
      s.setString(1, id);
      return s.executeQuery().next();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads of the instance with a management port, by what they were for and where they went. */
  private double reads(String purpose, String target) {
    Matcher m = Pattern.compile("hp_db_reads_total\\{purpose=\"" + purpose + "\",target=\"" + target + "\"[^}]*} ([0-9.E]+)")
        .matcher(management.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    Poll.until(what, Duration.ofSeconds(20), condition);
  }
}
