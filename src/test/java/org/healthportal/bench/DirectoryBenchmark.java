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
import java.util.function.Supplier;
import org.healthportal.facilities.generator.FacilityGenerator;
import org.healthportal.facilities.generator.FacilityLoader;
import org.healthportal.support.TestEnv;

/**
 * Load benchmark of the facilities directory on the 80,000-facility data set. Prints numbers; it
 * passes or fails nothing. Run: {@code mvn -Pbench test-compile exec:java} (see README).
 *
 * <p>Everything runs on this machine: the server, PostgreSQL, Redis, Keycloak and the load
 * generator share the cores, so absolute numbers are a floor; the ratios are the point.
 */
public final class DirectoryBenchmark {

  static final String FILTERS = "&careLevel=full_disability&hasVacancy=true&limit=20";

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
    List<String> jvm = BenchSettings.serverJvm();
    long startedAt = System.nanoTime();
    // The measured server's GC log, to read beside an open-loop phase's slow windows.
    List<String> measured = new ArrayList<>(jvm);
    measured.add("-Xlog:gc:file=target/gc-directory.log:time");
    int port = env.startServerProcess(measured);
    double startSeconds = (System.nanoTime() - startedAt) / 1e9;
    long pid = env.serverProcessPid(port);
    double indexSeconds = awaitIndex(env, port, ids.size(), startedAt);
    String memory = memoryWithAndWithoutIndex(env, jvm, pid, startSeconds);

    if (Boolean.getBoolean("bench.explain")) {
      Vertx vertx = Vertx.vertx();
      double[] p = points.get(0);
      System.out.println(org.healthportal.facilities.SearchPlans.explainNearMe(vertx, env.postgres.port(), p[0], p[1], 20));
      vertx.close().await();
    }
    LoadPhase load = new LoadPhase(port, concurrency);
    SplittableRandom random = new SplittableRandom(seed);

    List<String> hot = new ArrayList<>();
    for (int i = 0; i < 64; i++) hot.add(nearQuery(points.get(random.nextInt(points.size())), random, 5 + random.nextInt(16), FILTERS));
    Supplier<String> repeated = () -> hot.get(random.nextInt(hot.size()));
    Supplier<String> plain = () -> nearQuery(points.get(random.nextInt(points.size())), random, RADIUS_KM, "&limit=20");
    Supplier<String> filtered = () -> nearQuery(points.get(random.nextInt(points.size())), random, RADIUS_KM, FILTERS);
    Supplier<String> detail = () -> "/v1/facilities/" + ids.get(random.nextInt(ids.size()));
    Supplier<String> fhirNear = () -> fhirNearQuery(points.get(random.nextInt(points.size())), random, RADIUS_KM);

    // Measure steady state: the JIT compiles each path during its warm-up, not during its phase.
    load.closedLoop("warm-up", concurrency, 5, () -> "/health/live");
    load.closedLoop("warm-up", concurrency, 5, repeated);
    load.closedLoop("warm-up", concurrency, 5, filtered);
    load.closedLoop("warm-up", concurrency, 5, fhirNear);
    Measured trivial = Measured.closed(load, pid, "trivial GET /health/live", concurrency, seconds, () -> "/health/live");
    Measured hit = Measured.closed(load, pid, "near-me + filters, 64 positions", concurrency, seconds, repeated);
    Measured anywhere = Measured.closed(load, pid, "near-me, random positions", concurrency, seconds, plain);
    Measured withFilters = Measured.closed(load, pid, "near-me + filters, random positions", concurrency, seconds, filtered);
    Measured details = Measured.closed(load, pid, "facility detail, random id", concurrency, seconds, detail);
    Measured fhir = Measured.closed(load, pid, "FHIR Location near, random positions", concurrency, seconds, fhirNear);
    Measured hitHalf = Measured.open(load, pid, "near-me + filters, 64 positions", hit.result().rps() / 2, seconds, repeated);
    Measured anywhereHalf = Measured.open(load, pid, "near-me, random positions", anywhere.result().rps() / 2, seconds, plain);
    Measured withFiltersHalf = Measured.open(load, pid, "near-me + filters, random positions", withFilters.result().rps() / 2, seconds, filtered);
    Measured fhirHalf = Measured.open(load, pid, "FHIR Location near, random positions", fhir.result().rps() / 2, seconds, fhirNear);

    System.out.printf("%n=== Directory benchmark: %,d facilities, %d connections, %.0f s per phase, %d cores ===%n",
        facilities, concurrency, seconds, Runtime.getRuntime().availableProcessors());
    BenchSettings.print(env);
    System.out.printf(Locale.ROOT, "server: ready in %.1f s, search index loaded %.1f s after the start; %s%n", startSeconds, indexSeconds, memory);
    System.out.println(String.format("%-52s %9s %8s %9s %9s %9s %10s", "phase", "req/s", "trivial", "p50 ms", "p99 ms", "p99.9 ms", "CPU µs/req"));
    for (Measured m : List.of(trivial, hit, anywhere, withFilters, details, fhir, hitHalf, anywhereHalf, withFiltersHalf, fhirHalf)) {
      System.out.println(m.line(trivial.result().rps()));
    }
    System.out.printf(Locale.ROOT, "server RSS after the phases: %.0f MB%n", ServerProcessStats.rssMb(pid));
    System.out.println("where the open-loop tails came from:");
    for (Measured m : List.of(hitHalf, anywhereHalf, withFiltersHalf, fhirHalf)) System.out.println("  " + m.label() + m.result().diagnostics());
    System.out.printf(Locale.ROOT, "uncached near-me + filters / trivial = %.1f%% (target >= 25%%); p99 at half that rate = %.2f ms (target <= 5 ms)%n",
        100 * withFilters.result().rps() / trivial.result().rps(), withFiltersHalf.p99());
    System.out.printf(Locale.ROOT, "uncached near-me / trivial = %.1f%%; p99 at half that rate = %.2f ms%n",
        100 * anywhere.result().rps() / trivial.result().rps(), anywhereHalf.p99());
    System.out.printf(Locale.ROOT, "facility detail by random id / trivial = %.1f%% (target >= 20%%)%n", 100 * details.result().rps() / trivial.result().rps());
    System.out.printf(Locale.ROOT, "FHIR near / API near-me (random positions) = %.1f%%; p99 at half its rate = %.2f ms (API near-me: %.2f ms)%n",
        100 * fhir.result().rps() / anywhere.result().rps(), fhirHalf.p99(), anywhereHalf.p99());
    System.exit(0);
  }

  private static final int RADIUS_KM = 10;

  /** A phase's result with the server's CPU time per request during it. */
  record Measured(String label, LoadPhase.Result result, double cpuMicrosPerRequest) {

    static Measured closed(LoadPhase load, long pid, String name, int concurrency, double seconds, Supplier<String> paths) {
      long cpu = ServerProcessStats.cpuMillis(pid);
      LoadPhase.Result r = load.closedLoop(name, concurrency, seconds, paths);
      return new Measured(name, r, (ServerProcessStats.cpuMillis(pid) - cpu) * 1000.0 / Math.max(1, r.requests()));
    }

    /** Open loop at {@code rate}; the CPU figure includes the unrecorded settling seconds, at the same rate. */
    static Measured open(LoadPhase load, long pid, String name, double rate, double seconds, Supplier<String> paths) {
      String label = String.format(Locale.ROOT, "%s at %.0f req/s (50%%)", name, rate);
      long cpu = ServerProcessStats.cpuMillis(pid);
      LoadPhase.Result r = load.openLoop(label, rate, seconds, paths);
      double requests = r.requests() * (seconds + 3) / seconds;
      return new Measured(label, r, (ServerProcessStats.cpuMillis(pid) - cpu) * 1000.0 / Math.max(1, requests));
    }

    double p99() {
      return result.latencyMicros().getValueAtPercentile(99) / 1000.0;
    }

    String line(double trivialRps) {
      return String.format(Locale.ROOT, "%-52s %9.0f %7.1f%% %9.2f %9.2f %9.2f %10.0f%s", label, result.rps(), 100 * result.rps() / trivialRps,
          result.latencyMicros().getValueAtPercentile(50) / 1000.0, p99(), result.latencyMicros().getValueAtPercentile(99.9) / 1000.0,
          cpuMicrosPerRequest, result.errors() > 0 ? "   errors " + result.errors() : "");
    }
  }

  /** Waits until the server's search index holds the data set; returns seconds since {@code startedAt}. */
  static double awaitIndex(TestEnv env, int port, int listings, long startedAt) throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    java.net.URI metrics = java.net.URI.create("http://127.0.0.1:" + env.managementPortOf(port) + "/metrics");
    java.util.regex.Pattern gauge = java.util.regex.Pattern.compile("hp_search_index_listings\\{[^}]*index=\"facilities\"[^}]*} ([0-9.E]+)");
    while (System.nanoTime() - startedAt < 120e9) {
      String body = client.send(java.net.http.HttpRequest.newBuilder(metrics).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      java.util.regex.Matcher m = gauge.matcher(body);
      if (m.find() && Double.parseDouble(m.group(1)) >= listings) return (System.nanoTime() - startedAt) / 1e9;
      Thread.sleep(100);
    }
    throw new IllegalStateException("the search index did not load within 120 s");
  }

  /** Live heap and RSS of the measured server against a second one with the index off, both idle after start. */
  private static String memoryWithAndWithoutIndex(TestEnv env, List<String> jvm, long pid, double startSeconds) throws Exception {
    long startedAt = System.nanoTime();
    int without = env.startServerProcess(jvm, java.util.Map.of("search.index.enabled", "false"));
    double startWithout = (System.nanoTime() - startedAt) / 1e9;
    long otherPid = env.serverProcessPid(without);
    double heapWith = ServerProcessStats.liveHeapMb(pid);
    double heapWithout = ServerProcessStats.liveHeapMb(otherPid);
    String result = String.format(Locale.ROOT,
        "live heap %.0f MB with the index, %.0f MB without (+%.0f MB); RSS %.0f MB and %.0f MB; ready in %.1f s without the index",
        heapWith, heapWithout, heapWith - heapWithout, ServerProcessStats.rssMb(pid), ServerProcessStats.rssMb(otherPid), startWithout);
    env.stopServerProcess(without);
    return result;
  }

  /** A near-me search from a random position within a few kilometres of {@code around}. */
  static String nearQuery(double[] around, SplittableRandom random, int radiusKm, String filters) {
    double lat = around[0] + (random.nextDouble() - 0.5) * 0.05;
    double lng = around[1] + (random.nextDouble() - 0.5) * 0.05;
    return String.format(Locale.ROOT, "/v1/facilities?near=%.5f,%.5f&radiusKm=%d&sort=distance%s", lat, lng, radiusKm, filters);
  }

  /**
   * The same search through the FHIR view: facilities and tourism sites as Locations, each page
   * item's whole listing, 20 to a page, distances in the search extension.
   */
  static String fhirNearQuery(double[] around, SplittableRandom random, int radiusKm) {
    double lat = around[0] + (random.nextDouble() - 0.5) * 0.05;
    double lng = around[1] + (random.nextDouble() - 0.5) * 0.05;
    return String.format(Locale.ROOT, "/fhir/Location?near=%.5f%%7C%.5f%%7C%d%%7Ckm&_count=20", lat, lng, radiusKm);
  }

  /** Inserts the generated facilities (once per database) and reads back their ids and locations. */
  static void loadData(TestEnv env, int count, long seed, List<double[]> points, List<String> ids) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + env.postgres.port() + "/postgres";
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
      long start = System.nanoTime();
      FacilityLoader.insert(c, new FacilityGenerator(seed).stream(count), false, Instant.now());
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
