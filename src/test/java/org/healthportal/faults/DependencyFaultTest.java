package org.healthportal.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.healthportal.support.Facilities;
import org.healthportal.support.FaultProxy;
import org.healthportal.support.Http;
import org.healthportal.support.Race;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.healthportal.support.Poll;
import java.time.Duration;

/**
 * What a client sees while a dependency fails, through a {@link FaultProxy} in front of the real
 * PostgreSQL or Redis of an instance of its own: never a 500, a prompt 503 with Retry-After where
 * the answer needs the database, milliseconds where only the cache is lost, and recovery without a
 * restart. The figures are printed for the record.
 */
class DependencyFaultTest {

  private final TestEnv env = TestEnv.get();

  @Test
  void postgresRefusingAndRestartingGets503WithRetryAfterThenRecovers() throws Exception {
    try (FaultProxy database = new FaultProxy(env.postgres.port())) {
      TestEnv.Instance instance = behind(database);
      try {
        Http http = instance.http();
        assertThat(uncachedDetail(http).status()).isEqualTo(404);
        database.refuse();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          long start = System.nanoTime();
          Http.Response r = uncachedDetail(http);
          times.add((System.nanoTime() - start) / 1_000_000);
          assertThat(r.status()).as(r.body()).isEqualTo(503);
          assertThat(r.header("Content-Type")).startsWith("application/problem+json");
          assertThat(r.header("Retry-After")).isEqualTo("5");
        }
        assertThat(http.get("/health/ready").status()).isEqualTo(503);
        database.restore();
        long back = System.nanoTime();
        long recoveredMs = awaitStatus(http, 404, 15_000);
        System.out.printf("FAULT postgres refused: 20 requests, all 503 with Retry-After, slowest %d ms; recovered %d ms after restore%n",
            times.stream().mapToLong(Long::longValue).max().orElse(0), recoveredMs);
        assertThat(times).allMatch(ms -> ms < 2_500);
        assertThat((System.nanoTime() - back) / 1_000_000).isLessThan(15_000);
      } finally {
        database.restore();
        instance.app().stop();
      }
    }
  }

  @Test
  void aFrozenPostgresGets503WithinTheResponseBoundAndReadinessDownWithinASecond() throws Exception {
    try (FaultProxy database = new FaultProxy(env.postgres.port())) {
      TestEnv.Instance instance = behind(database);
      try {
        Http http = instance.http();
        assertThat(uncachedDetail(http).status()).isEqualTo(404);
        database.freeze();
        long start = System.nanoTime();
        Http.Response r = uncachedDetail(http);
        long to503 = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("5");
        start = System.nanoTime();
        Http.Response ready = http.get("/health/ready");
        long toDown = (System.nanoTime() - start) / 1_000_000;
        assertThat(ready.status()).isEqualTo(503);
        database.thaw();
        long recoveredMs = awaitStatus(http, 404, 15_000);
        System.out.printf("FAULT postgres frozen: 503 after %d ms (bound 2000 ms), readiness DOWN after %d ms, recovered %d ms after thaw%n",
            to503, toDown, recoveredMs);
        assertThat(to503).isBetween(1_900L, 3_000L);
        assertThat(toDown).isLessThan(1_800);
      } finally {
        database.restore();
        instance.app().stop();
      }
    }
  }

  @Test
  void aSlowPostgresGets503WithinTheResponseBoundNot500() throws Exception {
    try (FaultProxy database = new FaultProxy(env.postgres.port())) {
      TestEnv.Instance instance = behind(database);
      try {
        Http http = instance.http();
        assertThat(uncachedDetail(http).status()).isEqualTo(404);
        database.delay(3_000); // every packet held back longer than the whole response bound
        long start = System.nanoTime();
        Http.Response r = uncachedDetail(http);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("5");
        database.restore();
        long recoveredMs = awaitStatus(http, 404, 20_000);
        System.out.printf("FAULT postgres slow (3 s a packet): 503 after %d ms (bound 2000 ms); recovered %d ms after it sped up%n",
            ms, recoveredMs);
        assertThat(ms).isBetween(1_900L, 3_000L);
      } finally {
        database.restore();
        instance.app().stop();
      }
    }
  }

  /** More requests than the pool lets wait: the rest are turned away at once with 503, not 500. */
  @Test
  void requestsBeyondThePoolsWaitingRoomGet503AtOnce() throws Exception {
    try (FaultProxy database = new FaultProxy(env.postgres.port())) {
      TestEnv.Instance instance = env.startApp(Map.of("db.url", "postgresql://127.0.0.1:" + database.port() + "/postgres",
          "http.response-timeout-ms", "2000", "db.pool-size", "1", "db.max-waiting", "1"));
      try {
        Http http = instance.http();
        assertThat(uncachedDetail(http).status()).isEqualTo(404);
        database.freeze(); // the one connection hangs, one request waits for it, the rest find no room
        List<Http.Response> answers = Race.of(8, i -> () -> uncachedDetail(http));
        for (Http.Response r : answers) {
          assertThat(r.status()).as(r.body()).isEqualTo(503);
          assertThat(r.header("Content-Type")).startsWith("application/problem+json");
          assertThat(r.header("Retry-After")).isEqualTo("5");
        }
        database.thaw();
        awaitStatus(http, 404, 15_000);
      } finally {
        database.restore();
        instance.app().stop();
      }
    }
  }

  @Test
  void aFrozenRedisCostsMillisecondsAndInvalidationIsExactAfterRecovery() throws Exception {
    try (FaultProxy redis = new FaultProxy(env.redis.port())) {
      TestEnv.Instance instance = env.startApp(Map.of("redis.url", "redis://127.0.0.1:" + redis.port()));
      try {
        Http http = instance.http();
        String path = "/v1/facilities/" + Facilities.CARE_HOME_1;
        assertThat(http.get(path).status()).isEqualTo(200);
        redis.freeze();
        List<Long> times = new ArrayList<>();
        int fiveHundreds = 0;
        for (int i = 0; i < 40; i++) {
          long start = System.nanoTime();
          Http.Response r = http.get(i % 2 == 0 ? path : "/v1/regions?level=city");
          times.add((System.nanoTime() - start) / 1_000_000);
          if (r.status() >= 500) fiveHundreds++;
        }
        // A change while Redis is frozen: this instance cannot reach the cache to invalidate it.
        String admin = env.token("admin1");
        String marker = "08:00-18:00 " + UUID.randomUUID().toString().substring(0, 8);
        Http.Response patched = http.send("PATCH", path, admin, "application/merge-patch+json",
            new JsonObject().put("openingHours", marker).encode(), Map.of("If-Match", http.get(path).header("ETag")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        redis.thaw();
        Thread.sleep(2_500); // the breaker's probe finds Redis again
        for (int i = 0; i < 5; i++) {
          assertThat(http.get(path).json().getString("openingHours")).as("read after recovery").isEqualTo(marker);
        }
        long longest = times.stream().mapToLong(Long::longValue).max().orElse(0);
        List<Long> afterOpen = times.subList(10, times.size()).stream().sorted().toList();
        long medianAfterOpen = afterOpen.get(afterOpen.size() / 2);
        System.out.printf("FAULT redis frozen: %d requests, longest %d ms; once the breaker was open median %d ms, longest %d ms; %d 5xx%n",
            times.size(), longest, medianAfterOpen, afterOpen.get(afterOpen.size() - 1), fiveHundreds);
        assertThat(fiveHundreds).isZero();
        assertThat(longest).as("no request waits for more than a few Redis time-outs").isLessThan(1_500);
        // Each would otherwise pay at least one 250 ms time-out; the bound leaves room for a loaded machine.
        assertThat(medianAfterOpen).as("with the breaker open, requests skip Redis").isLessThan(100);
      } finally {
        redis.restore();
        instance.app().stop();
      }
    }
  }

  @Test
  void withKeycloakFrozenCachedKeysKeepVerifyingAndReadinessShowsItWithoutGoingDown() {
    String token = env.token("resident1");
    env.keycloak.pause();
    try {
      long start = System.nanoTime();
      Http.Response ready = env.http.get("/health/ready");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
      assertThat(ready.json().getString("status")).isEqualTo("DEGRADED");
      JsonObject source = ready.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(c -> c.getString("name").equals("keycloak")).findFirst().orElseThrow();
      assertThat(source.getString("status")).isEqualTo("DOWN");
      assertThat(env.http.get("/v1/me", token).status()).as("a token verified against the cached keys").isEqualTo(200);
      System.out.printf("FAULT keycloak frozen: readiness DEGRADED (keys cached) after %d ms; tokens still verified%n", ms);
      assertThat(ms).isLessThan(2_000);
    } finally {
      env.keycloak.resume();
    }
  }

  /** An instance of its own whose database connections go through {@code proxy}, answering within 2 s. */
  private TestEnv.Instance behind(FaultProxy proxy) {
    return env.startApp(Map.of("db.url", "postgresql://127.0.0.1:" + proxy.port() + "/postgres", "http.response-timeout-ms", "2000"));
  }

  /** A facility id that exists nowhere: every request is a cache miss that asks the database. */
  private static Http.Response uncachedDetail(Http http) {
    return http.get("/v1/facilities/" + UUID.randomUUID());
  }

  private static long awaitStatus(Http http, int status, long limitMs) {
    return Poll.until(() -> "back to " + status, Duration.ofMillis(limitMs), Duration.ofMillis(100),
        () -> uncachedDetail(http).status() == status).toMillis();
  }
}
