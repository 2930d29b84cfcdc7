package org.healthportal.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;

/**
 * A thousand open notification streams and bursts of bed reports. Each resident holds a stream and
 * watches one of {@code bench.homes} care homes for a self-care bed; a burst frees a bed at every
 * home at once (16 reports in flight), and each watch fires once. Prints, per burst, the time from a
 * bed report being sent to its notification arriving on the watching resident's stream (p50, p99,
 * max), and the server's memory per open stream (live heap after a full GC, and RSS, before and after
 * opening the streams). The server runs in a JVM of its own with the production defaults for
 * notifications (feeder poll 500 ms), on PostgreSQL with production durability. Run:
 * {@code mvn -Pbench test-compile exec:exec -Dbench.main=org.healthportal.bench.NotificationBenchmark}.
 */
public final class NotificationBenchmark {

  private static final String LEVEL = "self_care";
  private static final String CLIENT = "portal-bench-notifications";

  public static void main(String[] args) {
    BenchSettings.runAndExit(() -> measure());
  }

  private static void measure() throws Exception {
    System.setProperty("testenv.access-log", "WARN");
    int streams = Integer.getInteger("bench.streams", 1000);
    int homes = Integer.getInteger("bench.homes", 200);
    int bursts = Integer.getInteger("bench.bursts", 3);
    TestEnv env = BenchSettings.env();
    BenchSettings.print(env);
    // Residents sign in once through a client of the run's own whose tokens outlive the run.
    env.keycloakAdmin().ensureDirectGrantClient(CLIENT, 3_600);
    int port = env.startServerProcess(BenchSettings.serverJvm(),
        Map.of("notifications.feed", "true", "auth.allowed-clients", "portal-mobile,portal-dev," + CLIENT));
    Vertx vertx = Vertx.vertx();
    Http http = new Http("http://localhost:" + port, vertx);
    ExecutorService pool = Executors.newFixedThreadPool(16);

    String admin = env.token("admin1");
    List<String> facilities = inParallel(pool, homes, i -> new Facilities(http).create(admin,
        Facilities.newCareHome("通知测试养老院" + i, "Notification Bench Home " + i, 36.60 + (i % 20) * 0.01, 117.00 + (i / 20) * 0.01))
        .getString("id"));
    inParallel(pool, homes, i -> report(http, admin, facilities.get(i), 0));

    // Kept for the whole run: a sign-in under another policy hashes the password again at full strength.
    String policy = env.keycloakAdmin().passwordPolicy("hashIterations(1)");
    try {
      streamsAndBursts(env, vertx, http, pool, port, facilities, streams, bursts);
    } finally {
      env.keycloakAdmin().passwordPolicy(policy);
      pool.shutdownNow();
      env.stopServerProcess(port);
      vertx.close().await();
    }
  }

  private static void streamsAndBursts(TestEnv env, Vertx vertx, Http http, ExecutorService pool, int port, List<String> facilities,
      int streams, int bursts) throws Exception {
    long pid = env.serverProcessPid(port);
    int homes = facilities.size();
    long started = System.nanoTime();
    String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < streams; i++) users.add("nb" + run + "-" + i);
    env.keycloakAdmin().importUsers(users, "resident");
    List<String> tokens = tokens(env, pool, users);
    System.out.printf(Locale.ROOT, "%d residents made and signed in in %.1f s%n", streams, (System.nanoTime() - started) / 1e9);

    double heapBefore = ServerProcessStats.liveHeapMb(pid);
    double rssBefore = ServerProcessStats.rssMb(pid);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(streams + 16));
    Deliveries deliveries = new Deliveries();
    // Phones do not all connect in the same millisecond: at most 64 opening at once.
    java.util.concurrent.Semaphore opening = new java.util.concurrent.Semaphore(64);
    List<Future<?>> opened = new ArrayList<>();
    long openStart = System.nanoTime();
    for (int i = 0; i < streams; i++) {
      opening.acquire();
      opened.add(openStream(client, port, tokens.get(i), deliveries).onComplete(ar -> opening.release()));
    }
    Future.all(opened).await(120, TimeUnit.SECONDS);
    System.out.printf(Locale.ROOT, "%d streams opened in %.1f s%n", streams, (System.nanoTime() - openStart) / 1e9);
    Thread.sleep(2_000);
    double heapAfter = ServerProcessStats.liveHeapMb(pid);
    double rssAfter = ServerProcessStats.rssMb(pid);
    System.out.printf(Locale.ROOT, "%d streams open: live heap %.1f -> %.1f MB (%.1f KB per stream), RSS %.0f -> %.0f MB (%.1f KB per stream)%n",
        streams, heapBefore, heapAfter, (heapAfter - heapBefore) * 1024 / streams, rssBefore, rssAfter, (rssAfter - rssBefore) * 1024 / streams);

    String admin = env.token("admin1");
    for (int burst = 1; burst <= bursts; burst++) {
      inParallel(pool, streams, i -> watch(http, tokens.get(i), facilities.get(i % homes)));
      deliveries.reset();
      long cpuBefore = ServerProcessStats.cpuMillis(pid);
      int free = burst;
      long burstStart = System.nanoTime();
      inParallel(pool, homes, i -> {
        deliveries.reportSent(facilities.get(i), System.nanoTime());
        return report(http, admin, facilities.get(i), free);
      });
      long reportsDone = System.nanoTime();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (deliveries.count() < streams && System.nanoTime() < deadline) Thread.sleep(20);
      long cpu = ServerProcessStats.cpuMillis(pid) - cpuBefore;
      Histogram h = deliveries.latencyMicros;
      System.out.printf(Locale.ROOT, "burst %d: %d reports in %.0f ms; %d of %d notifications delivered (%d repeated) | report -> stream"
              + " p50 %.0f ms, p99 %.0f ms, max %.0f ms | all delivered %.0f ms after the first report | server CPU %d ms%n",
          burst, homes, (reportsDone - burstStart) / 1e6, deliveries.count(), streams, deliveries.repeated.get(),
          h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3,
          (deliveries.lastAt - burstStart) / 1e6, cpu);
    }
    client.close().await();
  }

  /** What the streams received in the current burst. */
  private static final class Deliveries {
    final Histogram latencyMicros = new ConcurrentHistogram(3);
    final AtomicInteger repeated = new AtomicInteger();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    volatile long lastAt;

    void reset() {
      latencyMicros.reset();
      sentAt.clear();
      seen.clear();
      repeated.set(0);
    }

    void reportSent(String facility, long nanos) {
      sentAt.put(facility, nanos);
    }

    void received(JsonObject notification) {
      long now = System.nanoTime();
      if (!seen.add(notification.getString("id"))) {
        repeated.incrementAndGet();
        return;
      }
      Long sent = sentAt.get(notification.getString("facilityId"));
      if (sent != null) latencyMicros.recordValue(Math.max(0, (now - sent) / 1_000));
      lastAt = now;
    }

    int count() {
      return (int) latencyMicros.getTotalCount();
    }
  }

  /** Opens one resident's stream; its events go to {@code deliveries}. */
  private static Future<?> openStream(HttpClient client, int port, String token, Deliveries deliveries) {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost").setPort(port)
            .setURI("/v1/me/notifications/stream").putHeader("Authorization", "Bearer " + token).putHeader("Accept", "text/event-stream"))
        .compose(req -> req.send())
        .map(resp -> {
          if (resp.statusCode() != 200) throw new IllegalStateException("stream refused: " + resp.statusCode());
          StringBuilder pending = new StringBuilder();
          resp.handler(chunk -> {
            pending.append(chunk.toString(java.nio.charset.StandardCharsets.UTF_8));
            for (int end; (end = pending.indexOf("\n\n")) >= 0; ) {
              String event = pending.substring(0, end);
              pending.delete(0, end + 2);
              for (String line : event.split("\n")) {
                if (line.startsWith("data: ")) deliveries.received(new JsonObject(line.substring(6)));
              }
            }
          });
          return resp;
        });
  }

  private static String report(Http http, String admin, String facility, int free) {
    Http.Response r = http.send("PUT", "/v1/facilities/" + facility + "/beds", admin, "application/json", new JsonObject().put("beds",
        new JsonArray().add(new JsonObject().put("careLevel", LEVEL).put("total", 100).put("free", free))).encode(), Map.of());
    if (r.status() != 200) throw new IllegalStateException("bed report: " + r.status() + " " + r.body());
    return facility;
  }

  private static String watch(Http http, String token, String facility) {
    Http.Response r = http.send("POST", "/v1/me/bed-watches", token, "application/json",
        new JsonObject().put("facilityId", facility).put("careLevel", LEVEL).put("days", 1).encode(), Map.of());
    if (r.status() != 201) throw new IllegalStateException("watch: " + r.status() + " " + r.body());
    return facility;
  }

  private static List<String> tokens(TestEnv env, ExecutorService pool, List<String> users) throws Exception {
    return inParallel(pool, users.size(), i -> env.tokenRequest(Map.of("grant_type", "password", "client_id", CLIENT,
        "username", users.get(i), "password", users.get(i) + "-pass")).getString("access_token"));
  }

  /** Runs {@code call} for 0..n-1 on the pool; the results in order. */
  private static <T> List<T> inParallel(ExecutorService pool, int n, IntFunction<T> call) throws Exception {
    List<java.util.concurrent.Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      futures.add(pool.submit(() -> call.apply(index)));
    }
    List<T> out = new ArrayList<>();
    for (var f : futures) out.add(f.get(5, TimeUnit.MINUTES));
    return out;
  }
}
