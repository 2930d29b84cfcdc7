package org.healthportal.bench;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.healthportal.facilities.generator.FacilityGenerator;
import org.healthportal.support.TestEnv;

/**
 * Load benchmark of the facilities directory on the 80,000-facility data set. Prints numbers; it
 * passes or fails nothing. Run: {@code mvn -Pbench test-compile exec:java} (see README).
 *
 * <p>Everything runs on this machine: the server, PostgreSQL, Redis, Keycloak and the load
 * generator share the cores, so absolute numbers are a floor; the ratios are the point.
 */
public final class DirectoryBenchmark {

  private static final String FILTERS = "&careLevel=full_disability&hasVacancy=true&limit=20";

  public static void main(String[] args) throws Exception {
    // One line per request would measure the console, not the service (set before logging starts).
    System.setProperty("testenv.access-log", System.getProperty("bench.access-log", "WARN"));
    int facilities = Integer.getInteger("bench.facilities", 80_000);
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
    int concurrency = Integer.getInteger("bench.concurrency", 32);
    long seed = Long.getLong("bench.seed", 79_099L);

    System.setProperty("testenv.expiry-interval-seconds", "60");
    TestEnv env = BenchSettings.env();
    List<double[]> points = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    loadData(env, facilities, seed, points, ids);
    // The measured server runs in a JVM of its own, with the settings recommended for production.
    int port = Boolean.parseBoolean(System.getProperty("bench.separate-server", "true"))
        ? env.startServerProcess(List.of(System.getProperty("bench.server-jvm", "-Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=5").split(" ")))
        : Integer.parseInt(env.baseUrl.substring(env.baseUrl.lastIndexOf(':') + 1));

    if (Boolean.getBoolean("bench.explain")) {
      Vertx vertx = Vertx.vertx();
      double[] p = points.get(0);
      System.out.println(org.healthportal.facilities.SearchPlans.explainNearMe(vertx, env.postgres.port(), p[0], p[1], 20));
      System.out.println(org.healthportal.facilities.SearchPlans.explainNearMe(vertx, env.postgres.port(), 36.6512, 117.1201, 20));
      vertx.close().await();
    }
    LoadPhase load = new LoadPhase(port, concurrency);
    SplittableRandom random = new SplittableRandom(seed);

    List<String> hot = new ArrayList<>();
    for (int i = 0; i < 64; i++) hot.add(nearQuery(points.get(random.nextInt(points.size())), random, 5 + random.nextInt(16)));

    List<LoadPhase.Result> results = new ArrayList<>();
    // Measure steady state: the JIT compiles each path during its warm-up, not during its phase.
    load.closedLoop("warm-up", concurrency, 5, () -> "/health/live");
    load.closedLoop("warm-up", concurrency, 10, () -> hot.get(random.nextInt(hot.size())));
    results.add(load.closedLoop("trivial GET /health/live", concurrency, seconds, () -> "/health/live"));
    results.add(load.closedLoop("near-me + filters, cache hit", concurrency, seconds, () -> hot.get(random.nextInt(hot.size()))));
    results.add(load.closedLoop("near-me + filters, cache miss", concurrency, seconds,
        () -> nearQuery(points.get(random.nextInt(points.size())), random, 5 + random.nextInt(16))));
    results.add(load.closedLoop("facility detail", concurrency, seconds, () -> "/v1/facilities/" + ids.get(random.nextInt(ids.size()))));
    double halfRate = results.get(1).rps() / 2;
    results.add(load.openLoop(String.format(Locale.ROOT, "near-me hit at %.0f req/s (50%%)", halfRate), halfRate, seconds,
        () -> hot.get(random.nextInt(hot.size()))));
    double quarterRate = results.get(1).rps() / 4;
    LoadPhase.Result quarter = load.openLoop(String.format(Locale.ROOT, "near-me hit at %.0f req/s (25%%)", quarterRate), quarterRate, seconds,
        () -> hot.get(random.nextInt(hot.size())));
    double missHalf = results.get(2).rps() / 2;
    SchedStats missSched = new SchedStats(0);
    results.add(load.openLoop(String.format(Locale.ROOT, "near-me miss at %.0f req/s (50%%)", missHalf), missHalf, seconds,
        () -> nearQuery(points.get(random.nextInt(points.size())), random, 5 + random.nextInt(16))));
    String missCpu = missSched.since();

    results.add(quarter);
    System.out.printf("%n=== Directory benchmark: %,d facilities, %d connections, %.0f s per phase, %d cores ===%n",
        facilities, concurrency, seconds, Runtime.getRuntime().availableProcessors());
    BenchSettings.print(env);
    results.forEach(r -> System.out.println(r.line()));
    System.out.println("CPU and run-queue wait per process during the uncached phase at half rate:\n" + missCpu);
    System.out.printf(Locale.ROOT, "near-me cache-hit throughput / trivial throughput = %.0f%% (target >= 30%%)%n",
        100 * results.get(1).rps() / results.get(0).rps());
    System.out.printf(Locale.ROOT, "near-me hit p99 at half the maximum rate = %.2f ms (target < 20 ms)%n",
        results.get(4).latencyMicros().getValueAtPercentile(99) / 1000.0);
    System.out.printf(Locale.ROOT, "uncached search p99 at half its maximum rate = %.2f ms, at full load = %.2f ms (target < 50 ms)%n",
        results.get(5).latencyMicros().getValueAtPercentile(99) / 1000.0, results.get(2).latencyMicros().getValueAtPercentile(99) / 1000.0);
    System.exit(0);
  }

  /** A near-me search with the benchmark's filters, within a few kilometres of {@code around}. */
  static String nearQuery(double[] around, SplittableRandom random, int radiusKm) {
    double lat = around[0] + (random.nextDouble() - 0.5) * 0.05;
    double lng = around[1] + (random.nextDouble() - 0.5) * 0.05;
    return String.format(Locale.ROOT, "/v1/facilities?near=%.5f,%.5f&radiusKm=%d&sort=distance%s", lat, lng, radiusKm, FILTERS);
  }

  /** Inserts the generated facilities (once per database) and reads back their ids and locations. */
  static void loadData(TestEnv env, int count, long seed, List<double[]> points, List<String> ids) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + env.postgres.port() + "/postgres";
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
      long start = System.nanoTime();
      FacilityGenerator.insert(c, new FacilityGenerator(seed).stream(count), false, Instant.now());
      // Settle the table now, so autovacuum does not run in the middle of a measured phase.
      c.createStatement().execute("VACUUM ANALYZE");
      System.out.printf("Inserted %,d facilities in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
      try (ResultSet rs = c.createStatement().executeQuery("SELECT id, lat, lng FROM facility WHERE status = 'active'")) {
        while (rs.next()) {
          ids.add(rs.getString(1));
          points.add(new double[] {rs.getDouble(2), rs.getDouble(3)});
        }
      }
    }
  }
}
