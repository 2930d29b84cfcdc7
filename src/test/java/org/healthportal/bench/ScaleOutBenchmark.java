package org.healthportal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.healthportal.support.TestEnv;

/**
 * One, two and three server processes on what production shares: the Redis Cluster (three masters,
 * three replicas) and the PostgreSQL primary with a streaming replica. Load is spread over the
 * processes' ports as a load balancer would. On one machine the instances share its cores, so the
 * figures show what scale-out costs per request (CPU, Redis, connections), not what it adds: the
 * capacity plan (docs/capacity.md) multiplies the per-request CPU measured here.
 *
 * <p>{@code mvn -Pbench test-compile exec:exec -Dbench.main=org.healthportal.bench.ScaleOutBenchmark}
 * with {@code -Dbench.instances=3 -Dbench.seconds=10 -Dbench.facilities=80000}.
 */
public final class ScaleOutBenchmark {

  private ScaleOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int facilities = Integer.getInteger("bench.facilities", 80_000);
    int maxInstances = Integer.getInteger("bench.instances", 3);
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
    int concurrency = Integer.getInteger("bench.concurrency", 32);
    long seed = Long.getLong("bench.seed", 79_099L);

    System.setProperty("testenv.expiry-interval-seconds", "60");
    TestEnv env = BenchSettings.env();
    List<double[]> points = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    DirectoryBenchmark.loadData(env, facilities, seed, points, ids);
    Map<String, String> shared = Map.of("redis.url", "", "redis.cluster-nodes", env.redisCluster().seeds(),
        "db.replica-urls", env.replica().url());
    List<String> jvm = BenchSettings.serverJvm();

    SplittableRandom random = new SplittableRandom(seed);
    Supplier<String> filtered = () -> DirectoryBenchmark.nearQuery(points.get(random.nextInt(points.size())), random, 10,
        DirectoryBenchmark.FILTERS);
    Supplier<String> detail = () -> "/v1/facilities/" + ids.get(random.nextInt(ids.size()));

    List<String> lines = new ArrayList<>();
    // The baseline: one instance on the single Redis and the primary alone, in the same run, so the
    // cost of the cluster client and the replica routing shows as a difference, not across runs.
    {
      long startedAt = System.nanoTime();
      int port = env.startServerProcess(jvm);
      DirectoryBenchmark.awaitIndex(env, port, ids.size(), startedAt);
      measure(env, List.of(port), "1 alone", concurrency, seconds, filtered, detail).forEach(lines::add);
      env.stopServerProcess(port);
    }
    List<Integer> ports = new ArrayList<>();
    for (int n = 1; n <= maxInstances; n++) {
      long startedAt = System.nanoTime();
      int port = env.startServerProcess(jvm, shared);
      ports.add(port);
      DirectoryBenchmark.awaitIndex(env, port, ids.size(), startedAt);
      measure(env, ports, n + " shared", concurrency, seconds, filtered, detail).forEach(lines::add);
    }

    System.out.printf("%n=== Scale-out benchmark: %,d facilities, 1 to %d instances on the Redis Cluster and a PostgreSQL replica,"
        + " %d connections, %.0f s per phase, %d cores ===%n", facilities, maxInstances, concurrency, seconds,
        Runtime.getRuntime().availableProcessors());
    BenchSettings.print(env);
    System.out.println("instances: \"1 alone\" on the single Redis and the primary only; \"N shared\" on the cluster and the replica");
    System.out.println(String.format("%-9s %-50s %9s %8s %9s %9s %10s", "instances", "phase", "req/s", "trivial", "p50 ms", "p99 ms",
        "CPU µs/req"));
    lines.forEach(System.out::println);
    System.exit(0);
  }

  /** The phases against the instances on {@code ports}, after a warm-up; one printed line each. */
  private static List<String> measure(TestEnv env, List<Integer> ports, String instances, int concurrency, double seconds,
      Supplier<String> filtered, Supplier<String> detail) {
    List<Long> pids = ports.stream().map(env::serverProcessPid).toList();
    LoadPhase load = new LoadPhase(ports, concurrency);
    load.closedLoop("warm-up", concurrency, 5, () -> "/health/live");
    load.closedLoop("warm-up", concurrency, 5, filtered);
    load.closedLoop("warm-up", concurrency, 3, detail);
    Phase trivial = Phase.closed(load, pids, instances, "trivial GET /health/live", concurrency, seconds, () -> "/health/live");
    Phase near = Phase.closed(load, pids, instances, "near-me + filters, random positions", concurrency, seconds, filtered);
    Phase details = Phase.closed(load, pids, instances, "facility detail, random id", concurrency, seconds, detail);
    Phase nearHalf = Phase.open(load, pids, instances, "near-me + filters, random positions", near.rps() / 2, seconds, filtered);
    return List.of(trivial, near, details, nearHalf).stream().map(p -> p.line(trivial.rps())).toList();
  }

  /** A phase over every running instance, with the CPU all of them spent per request. */
  record Phase(String instances, String label, LoadPhase.Result result, double cpuMicrosPerRequest) {

    static Phase closed(LoadPhase load, List<Long> pids, String instances, String name, int concurrency, double seconds, Supplier<String> paths) {
      long cpu = cpuMillis(pids);
      LoadPhase.Result r = load.closedLoop(name, concurrency, seconds, paths);
      return new Phase(instances, name, r, (cpuMillis(pids) - cpu) * 1000.0 / Math.max(1, r.requests()));
    }

    static Phase open(LoadPhase load, List<Long> pids, String instances, String name, double rate, double seconds, Supplier<String> paths) {
      String label = String.format(Locale.ROOT, "%s at %.0f req/s (50%%)", name, rate);
      long cpu = cpuMillis(pids);
      LoadPhase.Result r = load.openLoop(label, rate, seconds, paths);
      double requests = r.requests() * (seconds + 3) / seconds;
      return new Phase(instances, label, r, (cpuMillis(pids) - cpu) * 1000.0 / Math.max(1, requests));
    }

    double rps() {
      return result.rps();
    }

    String line(double trivialRps) {
      return String.format(Locale.ROOT, "%-9s %-50s %9.0f %7.1f%% %9.2f %9.2f %10.0f%s", instances, label, rps(), 100 * rps() / trivialRps,
          result.latencyMicros().getValueAtPercentile(50) / 1000.0, result.latencyMicros().getValueAtPercentile(99) / 1000.0,
          cpuMicrosPerRequest, result.errors() > 0 ? "   errors " + result.errors() : "");
    }

    private static long cpuMillis(List<Long> pids) {
      long sum = 0;
      for (long pid : pids) sum += ServerProcessStats.cpuMillis(pid);
      return sum;
    }
  }
}
