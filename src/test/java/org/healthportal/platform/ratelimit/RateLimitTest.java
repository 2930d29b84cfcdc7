package org.healthportal.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.support.Http;
import org.healthportal.support.TestClock;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.healthportal.support.Race;

/**
 * Fair use across instances. Each test uses its own limits: counters are keyed by policy, so tests
 * (and the suite's main instance) never share counts.
 */
class RateLimitTest {

  private static final Pattern REMAINING = Pattern.compile("^\"(\\w+)\";r=(\\d+);t=(\\d+)$");

  private final TestEnv env = TestEnv.get();
  /** The instances' clock, at the start of a window of an hour: windows are aligned to the epoch. */
  private final TestClock clock = new TestClock();
  private final List<TestEnv.Instance> instances = new ArrayList<>();

  {
    long hour = Duration.ofHours(1).toMillis();
    clock.advance(Duration.ofMillis(hour - clock.millis() % hour));
  }

  /** An instance of its own with these limits, on {@link #clock}; stopped after the test. */
  private Http start(Map<String, String> limits) {
    TestEnv.Instance instance = env.startApp(limits, clock);
    instances.add(instance);
    return instance.http();
  }

  @AfterEach
  void stopInstances() {
    instances.forEach(TestEnv.Instance::stop);
  }

  @Test
  void theRequestAfterTheLimitGets429AndTwoInstancesShareTheCount() {
    Map<String, String> limits = Map.of("ratelimit.anonymous.limit", "5", "ratelimit.anonymous.window-seconds", "3600");
    Http a = start(limits);
    Http b = start(limits);
    firstOfTheWindow(a, "/v1/regions?level=city");

    Http.Response first = a.get("/v1/regions?level=city"); // the 2nd request in the window (firstOfTheWindow made one)
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("RateLimit-Policy")).isEqualTo("\"anonymous\";q=5;w=3600");
    assertThat(remaining(first)).isEqualTo(3);
    assertThat(b.get("/v1/tourism/sites?limit=1").status()).isEqualTo(200);
    assertThat(remaining(a.get("/v1/facilities?limit=1"))).isEqualTo(1);
    assertThat(remaining(b.get("/v1/regions"))).isZero();

    Http.Response refused = a.get("/v1/regions");
    JsonAssert.problem429(refused);
    assertThat(refused.header("RateLimit")).startsWith("\"anonymous\";r=0;t=");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
    JsonAssert.problem429(b.get("/v1/regions"));
    // Operational endpoints are not part of the public API's fair use.
    assertThat(a.get("/health/live").status()).isEqualTo(200);
  }

  @Test
  void partnersAndUsersAreCountedPerClientAndPerUserNotPerAddress() {
    Http a = start(Map.of("ratelimit.anonymous.limit", "2", "ratelimit.anonymous.window-seconds", "3600",
        "ratelimit.partner.limit", "4", "ratelimit.partner.window-seconds", "3600",
        "ratelimit.user.limit", "3", "ratelimit.user.window-seconds", "3600"));
    firstOfTheWindow(a, "/v1/regions");
    String partner = env.partnerToken();
    for (int i = 0; i < 4; i++) {
      Http.Response r = a.get("/v1/facilities?limit=1", partner);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("RateLimit-Policy")).isEqualTo("\"partner\";q=4;w=3600");
    }
    JsonAssert.problem429(a.get("/v1/facilities?limit=1", partner));

    String resident = env.token("resident2");
    for (int i = 0; i < 3; i++) assertThat(a.get("/v1/me", resident).header("RateLimit-Policy")).isEqualTo("\"user\";q=3;w=3600");
    JsonAssert.problem429(a.get("/v1/me", resident));
    assertThat(a.get("/v1/me", env.token("resident1")).status()).isEqualTo(200);

    // A token that does not verify counts as anonymous (the second anonymous request here), then the
    // operation's own check refuses it.
    Http.Response forged = a.get("/v1/me", "not-a-token");
    assertThat(forged.header("RateLimit-Policy")).isEqualTo("\"anonymous\";q=2;w=3600");
    forged.problem(401);
  }

  @Test
  void aConcurrentBurstGetsExactlyTheLimit() {
    Http a = start(Map.of("ratelimit.anonymous.limit", "10", "ratelimit.anonymous.window-seconds", "3600"));
    firstOfTheWindow(a, "/v1/regions"); // 1 of 10
    Map<Integer, Long> statuses = new java.util.TreeMap<>();
    Race.of(30, i -> () -> a.get("/v1/regions").status()).forEach(s -> statuses.merge(s, 1L, Long::sum));
    assertThat(statuses).containsExactly(Map.entry(200, 9L), Map.entry(429, 21L));
  }

  @Test
  void withRedisStoppedRequestsAreServedAndLimitedPerInstance() {
    Http a = start(Map.of("ratelimit.anonymous.limit", "7", "ratelimit.anonymous.window-seconds", "3600"));
    firstOfTheWindow(a, "/v1/regions");
    env.redis.stop();
    try {
      for (int i = 0; i < 7; i++) {
        Http.Response r = a.get("/v1/regions");
        assertThat(r.status()).as("request %d with Redis down", i + 1).isEqualTo(200);
        assertThat(r.header("RateLimit")).isNotNull();
      }
      JsonAssert.problem429(a.get("/v1/regions"));
    } finally {
      env.redis.startAgain();
    }
  }

  @Test
  void forwardedClientAddressesCountOnlyThroughATrustedProxy() {
    // No trusted proxies: a client cannot pick its own bucket by sending the headers a proxy would.
    Http direct = start(Map.of("ratelimit.anonymous.limit", "7", "ratelimit.anonymous.window-seconds", "3600"));
    firstOfTheWindow(direct, "/v1/regions");
    long before = remaining(direct.get("/v1/regions"));
    for (int i = 1; i <= 3; i++) {
      direct.send("GET", "/v1/regions", null, null, null,
          Map.of("X-Forwarded-For", "203.0.113." + i, "Forwarded", "for=198.51.100." + i));
    }
    assertThat(remaining(direct.get("/v1/regions"))).as("spoofed headers from an untrusted peer are ignored").isEqualTo(before - 4);

    // Loopback is the trusted proxy here: each client it forwards is counted on its own.
    Http behind = start(Map.of("ratelimit.anonymous.limit", "9", "ratelimit.anonymous.window-seconds", "3600",
        "http.trusted-proxies", "127.0.0.0/8, ::1/128"));
    firstOfTheWindow(behind, "/v1/regions");
    assertThat(remaining(forwardedFor(behind, "203.0.113.7"))).isEqualTo(8);
    assertThat(remaining(forwardedFor(behind, "203.0.113.8"))).as("another client, another bucket").isEqualTo(8);
    // The client wrote the left-most entry itself; the proxy appended the address it saw.
    assertThat(remaining(forwardedFor(behind, "10.9.9.9, 203.0.113.7"))).as("the right-most untrusted hop counts").isEqualTo(7);
    assertThat(remaining(behind.send("GET", "/v1/regions", null, null, null, Map.of("Forwarded", "for=\"[2001:db8::9]:4711\";proto=https"))))
        .as("RFC 7239 Forwarded, IPv6 with a port").isEqualTo(8);
  }

  private static Http.Response forwardedFor(Http instance, String chain) {
    return instance.send("GET", "/v1/regions", null, null, null, Map.of("X-Forwarded-For", chain));
  }

  /** Makes the first request of the window (the instance's clock stands at its start, so no test straddles two). */
  private static void firstOfTheWindow(Http instance, String path) {
    Http.Response r = instance.get(path);
    assertThat(r.status()).isEqualTo(200);
    assertThat(Long.parseLong(match(r).group(3))).as("seconds left of the window").isGreaterThan(3000);
  }

  private static long remaining(Http.Response r) {
    return Long.parseLong(match(r).group(2));
  }

  private static Matcher match(Http.Response r) {
    Matcher m = REMAINING.matcher(r.header("RateLimit"));
    assertThat(m.matches()).as(r.header("RateLimit")).isTrue();
    return m;
  }

  private static final class JsonAssert {
    static void problem429(Http.Response r) {
      r.problem(429);
      assertThat(r.header("Retry-After")).isNotBlank();
      assertThat(r.json().getString("detail")).contains("retry after");
    }
  }
}
