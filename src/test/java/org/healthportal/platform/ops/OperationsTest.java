package org.healthportal.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.healthportal.support.Http;
import org.healthportal.support.FaultProxy;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.healthportal.support.Poll;

class OperationsTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void probesAnswer() {
    assertThat(http.get("/health/live").json().getString("status")).isEqualTo("UP");
    Http.Response ready = http.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("status")).isEqualTo("UP");
    assertThat(checkNames(ready.json())).containsExactlyInAnyOrder("postgresql", "redis", "keycloak-keys", "keycloak");
  }

  @Test
  void aFrozenDatabaseMakesReadinessAnswerDownWithinAboutASecond() throws Exception {
    try (FaultProxy database = new FaultProxy(env.postgres.port())) {
      TestEnv.Instance instance = env.startApp(Map.of("db.url", "postgresql://127.0.0.1:" + database.port() + "/postgres"));
      try {
        assertThat(instance.http().get("/health/ready").status()).isEqualTo(200);
        database.freeze();
        long start = System.nanoTime();
        Http.Response frozen = instance.http().get("/health/ready");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(frozen.status()).isEqualTo(503);
        assertThat(elapsedMs).as("readiness answer time with a frozen database").isLessThan(2500);
        JsonObject postgres = frozen.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
            .filter(c -> c.getString("name").equals("postgresql")).findFirst().orElseThrow();
        assertThat(postgres.getString("status")).isEqualTo("DOWN");
        assertThat(postgres.getString("detail")).contains("no answer within 1000 ms");
        database.thaw();
        assertThat(instance.http().get("/health/ready").status()).isEqualTo(200);
      } finally {
        database.thaw();
        instance.app().stop();
      }
    }
  }

  @Test
  void metricsAreOnTheManagementPortOnlyWithLatencyHistogramsPerRouteTemplate() {
    http.get("/v1/regions");
    http.get("/v1/facilities/" + java.util.UUID.randomUUID());
    assertThat(http.get("/metrics").status()).as("metrics on the public port").isEqualTo(404);
    Http.Response r = env.management.get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body()).contains("# TYPE").contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes");
    // A histogram with buckets, labelled with the route template (never the facility's id) and the status.
    List<String> buckets = r.body().lines().filter(l -> l.startsWith("vertx_http_server_response_time_seconds_bucket{")).toList();
    assertThat(buckets.stream().filter(l -> l.contains("route=\"/v1/facilities/:facilityId\"") && l.contains("code=\"404\"")).count())
        .as("latency buckets of GET /v1/facilities/{id} answered 404, among %s", buckets).isGreaterThan(5);
    assertThat(r.body()).doesNotContain(env.baseUrl);
    assertThat(env.management.get("/anything").status()).isEqualTo(404);
  }

  @Test
  void theContractIsServedAndTheDocsPageRendersItFromBundledAssets() {
    Http.Response contract = http.get("/openapi.yaml");
    assertThat(contract.status()).isEqualTo(200);
    assertThat(contract.body()).startsWith("openapi: 3.1.0").contains("operationId: listRegions");
    assertThat(contract.body()).contains("application/problem+json");

    Http.Response docs = http.get("/docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.header("Content-Type")).startsWith("text/html");
    assertThat(docs.body()).contains("swagger-ui-bundle.js").contains("/docs/ui/init.js");
    assertThat(http.get("/docs/assets/swagger-ui-bundle.js").status()).isEqualTo(200);
    assertThat(http.get("/docs/assets/swagger-ui.css").status()).isEqualTo(200);
    assertThat(http.get("/docs/ui/init.js").body()).contains("/openapi.yaml");
  }

  /**
   * Redis is a cache: with it stopped, reads are served from PostgreSQL and readiness reports
   * DEGRADED with 200; when it returns, the service reconnects by itself.
   */
  @Test
  void aDeadRedisDegradesButDoesNotTakeTheServiceDown() throws Exception {
    env.redis.stop();
    try {
      Http.Response ready = http.get("/health/ready");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().getString("status")).isEqualTo("DEGRADED");
      JsonObject redisCheck = check(ready.json(), "redis");
      assertThat(redisCheck.getString("status")).isEqualTo("DOWN");

      long start = System.nanoTime();
      Http.Response regions = http.get("/v1/regions?level=city");
      assertThat(regions.status()).isEqualTo(200);
      assertThat(regions.json().getJsonArray("items")).hasSize(16);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no long Redis timeouts on the read path").isLessThan(Duration.ofSeconds(2));
      assertThat(http.get("/v1/regions/370200").json().getString("nameEn")).isEqualTo("Qingdao");
    } finally {
      env.redis.startAgain();
    }
    Poll.until("readiness UP after Redis came back", Duration.ofSeconds(30),
        () -> "UP".equals(http.get("/health/ready").json().getString("status")));
  }

  private static JsonObject check(JsonObject health, String name) {
    return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> name.equals(c.getString("name"))).findFirst().orElseThrow();
  }

  private static java.util.List<String> checkNames(JsonObject health) {
    JsonArray checks = health.getJsonArray("checks");
    return checks.stream().map(c -> ((JsonObject) c).getString("name")).toList();
  }
}
