package org.healthportal.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.healthportal.support.TestEnv;

/**
 * Compares server variants on a near-me latency tail ({@code -Dbench.query}: the cache-hit path by default), in one run over one data set: for each
 * variant a fresh server process, its maximum rate (closed loop), then the open-loop p99
 * at half that rate, twice. Variants are {@code -Dbench.variants="name:key=value,key=value;name2:..."}
 * (keys as in application.properties; the name {@code jvm} key sets server JVM options).
 */
public final class TailExperiment {

  /** Which search: {@code hit} (64 repeated positions, filters), {@code filtered} or {@code plain} (a new position per request). */
  private static final String QUERY = System.getProperty("bench.query", "hit");

  private static Supplier<String> queries(List<double[]> points, SplittableRandom random) {
    if (!QUERY.equals("hit")) {
      String filters = QUERY.equals("filtered") ? DirectoryBenchmark.FILTERS : "&limit=20";
      return () -> DirectoryBenchmark.nearQuery(points.get(random.nextInt(points.size())), random, 10, filters);
    }
    List<String> hot = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      hot.add(DirectoryBenchmark.nearQuery(points.get(random.nextInt(points.size())), random, 5 + random.nextInt(16), DirectoryBenchmark.FILTERS));
    }
    return () -> hot.get(random.nextInt(hot.size()));
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("testenv.access-log", "WARN");
    int facilities = Integer.getInteger("bench.facilities", 80_000);
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
    int concurrency = Integer.getInteger("bench.concurrency", 32);
    String defaultJvm = String.join(" ", BenchSettings.serverJvm());
    System.setProperty("testenv.expiry-interval-seconds", "60");
    TestEnv env = BenchSettings.env();
    List<double[]> points = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    DirectoryBenchmark.loadData(env, facilities, 79_099L, points, ids);

    List<String> report = new ArrayList<>();
    String variants = System.getProperty("bench.variants", "");
    for (String variant : (variants.isBlank() ? "base:" : variants).split(";")) {
      String name = variant.substring(0, variant.indexOf(':'));
      Map<String, String> overrides = new LinkedHashMap<>();
      String jvm = defaultJvm;
      for (String pair : variant.substring(variant.indexOf(':') + 1).split(",")) {
        if (pair.isBlank()) continue;
        String key = pair.substring(0, pair.indexOf('=')).trim();
        String value = pair.substring(pair.indexOf('=') + 1).trim();
        if (key.equals("jvm")) jvm = value;
        else overrides.put(key, value);
      }
      List<String> jvmOptions = new ArrayList<>(List.of(jvm.split(" ")));
      jvmOptions.add("-Xlog:gc:file=target/gc-" + name + ".log:time");
      if (Boolean.getBoolean("bench.jfr")) {
        jvmOptions.add("-XX:StartFlightRecording=filename=target/" + name + ".jfr,settings=profile,dumponexit=true");
      }
      long startedAt = System.nanoTime();
      int port = env.startServerProcess(jvmOptions, overrides);
      if (!"false".equals(overrides.get("search.index.enabled"))) DirectoryBenchmark.awaitIndex(env, port, ids.size(), startedAt);
      LoadPhase load = new LoadPhase(port, concurrency);
      SplittableRandom random = new SplittableRandom(79_099L);
      Supplier<String> queries = queries(points, random);
      load.closedLoop("warm-up", concurrency, 10, queries);
      LoadPhase.Result max = load.closedLoop(name + " " + QUERY + " max", concurrency, seconds, queries);
      report.add(max.line());
      for (int run = 1; run <= 2; run++) {
        SchedStats sched = new SchedStats(env.serverProcessPid(port));
        LoadPhase.Result half = load.openLoop(String.format(Locale.ROOT, "%s %s half #%d", name, QUERY, run), max.rps() / 2, seconds, queries);
        report.add(half.line());
        report.add(sched.since());
      }
      env.stopServerProcess(port);
      System.out.println(String.join("\n", report));
    }
    System.out.println("\n=== Tail experiment: " + QUERY + " ===");
    BenchSettings.print(env);
    report.forEach(System.out::println);
    System.exit(0);
  }
}
