package org.healthportal.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.healthportal.support.TestEnv;

/**
 * Compares server variants on the cache-hit latency tail, in one run over one data set: for each
 * variant a fresh server process, its maximum cache-hit rate (closed loop), then the open-loop p99
 * at half that rate, twice. Variants are {@code -Dbench.variants="name:key=value,key=value;name2:..."}
 * (keys as in application.properties; the name {@code jvm} key sets server JVM options).
 */
public final class HitTailExperiment {

  public static void main(String[] args) throws Exception {
    System.setProperty("testenv.access-log", "WARN");
    int facilities = Integer.getInteger("bench.facilities", 80_000);
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
    int concurrency = Integer.getInteger("bench.concurrency", 32);
    String defaultJvm = System.getProperty("bench.server-jvm", "-Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=5");
    System.setProperty("testenv.expiry-interval-seconds", "60");
    TestEnv env = BenchSettings.env();
    List<double[]> points = new ArrayList<>();
    DirectoryBenchmark.loadData(env, facilities, 79_099L, points, new ArrayList<>());

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
      int port = env.startServerProcess(jvmOptions, overrides);
      LoadPhase load = new LoadPhase(port, concurrency);
      SplittableRandom random = new SplittableRandom(79_099L);
      List<String> hot = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        hot.add(DirectoryBenchmark.nearQuery(points.get(random.nextInt(points.size())), random, 5 + random.nextInt(16), DirectoryBenchmark.FILTERS));
      }
      load.closedLoop("warm-up", concurrency, 10, () -> hot.get(random.nextInt(hot.size())));
      LoadPhase.Result max = load.closedLoop(name + " hit max", concurrency, seconds, () -> hot.get(random.nextInt(hot.size())));
      report.add(max.line());
      for (int run = 1; run <= 2; run++) {
        SchedStats sched = new SchedStats(env.serverProcessPid(port));
        LoadPhase.Result half = load.openLoop(String.format(Locale.ROOT, "%s hit half #%d", name, run), max.rps() / 2, seconds,
            () -> hot.get(random.nextInt(hot.size())));
        report.add(half.line());
        report.add(sched.since());
      }
      env.stopServerProcess(port);
      System.out.println(String.join("\n", report));
    }
    System.out.println("\n=== Cache-hit tail experiment ===");
    BenchSettings.print(env);
    report.forEach(System.out::println);
    System.exit(0);
  }
}
