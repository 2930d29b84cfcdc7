package org.healthportal.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.healthportal.residents.IdNumbers;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.TestEnv;

/**
 * Signup throughput and latency: many teams, then one hot team that fills up (both closed loop: a
 * fixed number of signups from concurrent clients), then many teams again at half the first phase's
 * rate, open loop (latency from each request's scheduled send time), after a warm-up of 30,000
 * signups ({@code -Dbench.warmup}). The server runs in a JVM of its own, on PostgreSQL with
 * production durability. Prints numbers. Run:
 * {@code mvn -Pbench test-compile exec:exec -Dbench.main=org.healthportal.bench.SignupBenchmark}.
 */
public final class SignupBenchmark {

  private static final String PATH = "/v1/family-doctor/signups";

  public static void main(String[] args) {
    BenchSettings.runAndExit(() -> measure());
  }

  private static void measure() throws Exception {
    System.setProperty("testenv.access-log", "WARN");
    int signups = Integer.getInteger("bench.signups", 2000);
    int concurrency = Integer.getInteger("bench.concurrency", 32);
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
    // Often enough that the expiry job has run (and been compiled) many times before the measured phases.
    System.setProperty("testenv.expiry-interval-seconds", "5");
    TestEnv env = BenchSettings.env();
    ResidentFixtures.withProfile(env, "resident1");
    // The measured server's GC log, to read beside the open-loop phase's slow windows.
    List<String> jvm = new ArrayList<>(BenchSettings.serverJvm());
    jvm.add("-Xlog:gc:file=target/gc-signup.log:time");
    int port = env.startServerProcess(jvm);

    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
    People people = new People(vertx, client, port, concurrency);
    List<String> manyTeams = new ArrayList<>();
    for (int i = 0; i < 50; i++) manyTeams.add(team(env, 10_000));
    String hotTeam = team(env, signups / 2);
    SplittableRandom random = new SplittableRandom(7);

    List<String> closedPeople = people.register(env, 2 * signups);
    // The JIT compiles the signup path during a warm-up, not during the measured phases: after 1,000
    // signups its compiler still took half of the server's CPU in the next phase, after 5,000 over a
    // third (0.43 ms a signup of 0.99), after 20,000 or 30,000 little in most runs (up to 0.2 s of a
    // phase), though some still spent 0.3-1.0 s recompiling (docs/benchmarks.md). A server runs for days.
    List<String> warmUpPeople = people.register(env, Integer.getInteger("bench.warmup", 30_000));
    // Refusals first (a small team filled over its cap), so that no phase is the first to load and
    // compile a code path: the first "team full" answer loads the message bundles and their classes,
    // and the JIT then throws away much of its compiled code (seen with -XX:+PrintCompilation). Then
    // the spread load, straight into the measured phase: a pause lets the JIT recompile idle paths.
    int refusedWarmUp = Math.min(300, warmUpPeople.size() / 2);
    String warmUpHotTeam = team(env, Math.max(1, refusedWarmUp / 3));
    // Every phase sends from the lean generator: a Vert.x HTTP client here took about 130 µs of CPU a
    // signup on the cores the server and PostgreSQL share, a tenth of what the signup itself cost.
    // Each signup commits durably, so the phases also probe the disk's flush latency beside the database.
    LoadPhase load = new LoadPhase(port, concurrency).probingDiskFlushes(Path.of("target"));
    Map<String, String> auth = Map.of("Authorization", "Bearer " + env.token("resident1"));
    // Every closed phase's requests are written before the first: writing them compiles the code that
    // writes them, and that compilation, started at a phase's start, ran on through the phase.
    List<byte[]> refusedRequests = requests(load, auth, refusedWarmUp, i -> body(warmUpHotTeam, warmUpPeople.get(i)));
    List<byte[]> warmUpRequests = requests(load, auth, warmUpPeople.size() - refusedWarmUp,
        i -> body(manyTeams.get(random.nextInt(manyTeams.size())), warmUpPeople.get(refusedWarmUp + i)));
    List<byte[]> spreadRequests = requests(load, auth, signups, i -> body(manyTeams.get(random.nextInt(manyTeams.size())), closedPeople.get(i)));
    List<byte[]> hotRequests = requests(load, auth, signups, i -> body(hotTeam, closedPeople.get(signups + i)));
    signups(load, "warm-up, refused", refusedRequests);
    signups(load, "warm-up", warmUpRequests);
    Set<Long> postgresPids = postgresProcesses(env);
    SchedStats sched = new SchedStats(env.serverProcessPid(port));
    PgStatements.reset(env);
    LoadPhase.Result spread = signups(load, "50 teams, spread", spreadRequests);
    String spreadCpu = sched.since();
    // CPU per signup is steadier than the rate on a machine whose cores are shared.
    String spreadCpuPerSignup = String.format(Locale.ROOT, "CPU per signup in the spread phase: server %.2f ms, PostgreSQL %.2f ms",
        sched.cpuMillis(Set.of(env.serverProcessPid(port))) / (double) signups, sched.cpuMillis(postgresPids) / (double) signups);
    String spreadStatements = PgStatements.since(env, signups, "signup in the spread phase");
    LoadPhase.Result hot = signups(load, "one hot team, cap " + signups / 2, hotRequests);

    double halfRate = spread.rps() / 2;
    List<String> openPeople = people.register(env, LoadPhase.openLoopRequestCount(halfRate, seconds));
    AtomicInteger next = new AtomicInteger();
    LoadPhase.Result open = load.openLoopRequests(String.format(Locale.ROOT, "50 teams at %.0f/s (50%%)", halfRate), halfRate, seconds,
        () -> load.post(PATH, withKey(auth), body(manyTeams.get(random.nextInt(manyTeams.size())), openPeople.get(next.getAndIncrement()))));

    System.out.printf("%n=== Signup benchmark: %,d signups per closed-loop phase, %d concurrent clients, %.0f s open loop, %d cores ===%n",
        signups, concurrency, seconds, Runtime.getRuntime().availableProcessors());
    BenchSettings.print(env);
    System.out.println(line(spread));
    System.out.println(line(hot));
    System.out.println(open.line());
    System.out.println("CPU and run-queue wait per process during the spread phase (server: java/" + env.serverProcessPid(port)
        + "; its threads and the generator's indented):\n" + spreadCpu);
    System.out.println(spreadCpuPerSignup);
    System.out.print(spreadStatements);
    System.out.println("over the hot team's cap: " + overCap(env, hotTeam));
    vertx.close().await();
  }

  /** {@code total} signup requests, {@code bodies.apply(i)} the i-th, each with a fresh idempotency key. */
  private static List<byte[]> requests(LoadPhase load, Map<String, String> auth, int total, IntFunction<String> bodies) {
    List<byte[]> requests = new ArrayList<>(total);
    for (int i = 0; i < total; i++) requests.add(load.post(PATH, withKey(auth), bodies.apply(i)));
    return requests;
  }

  /**
   * Sends {@code requests} from the generator's connections, closed loop. They were written before,
   * so that during the phase the generator only sends bytes, through the same code in every phase: a
   * request supplier of a class the phases before had not seen made the generator's JIT recompile its
   * loop inside the phase (about 0.3 s of its C2 thread's CPU, taken from the server).
   */
  private static LoadPhase.Result signups(LoadPhase load, String name, List<byte[]> requests) {
    java.util.Iterator<byte[]> next = requests.iterator();
    return load.closedLoopRequests(name, Integer.MAX_VALUE, requests.size(), next::next);
  }

  /** A closed-loop phase's line: the rate, latencies and answers (201 created, 409 refused as full or signed up). */
  private static String line(LoadPhase.Result phase) {
    long created = phase.answered(201);
    long refused = phase.answered(409);
    return String.format(Locale.ROOT, "%-28s %7.0f signups/s   p50 %6.2f ms   p99 %6.2f ms   201: %d   409: %d   other: %d   %s%s",
        phase.name(), phase.rps(), phase.latencyMicros().getValueAtPercentile(50) / 1000.0,
        phase.latencyMicros().getValueAtPercentile(99) / 1000.0, created, refused, phase.requests() - created - refused, phase.gc(),
        phase.diagnostics());
  }

  /** Runs {@code calls} 0 to {@code total - 1} with {@code concurrency} in flight at a time; returns when all are done. */
  private static void closedLoop(Vertx vertx, int concurrency, int total, IntFunction<Future<?>> calls) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger active = new AtomicInteger(concurrency);
    Promise<Void> done = Promise.promise();
    for (int w = 0; w < concurrency; w++) vertx.runOnContext(v -> worker(calls, total, next, active, done));
    done.future().await();
  }

  private static void worker(IntFunction<Future<?>> calls, int total, AtomicInteger next, AtomicInteger active, Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= total) {
      if (active.decrementAndGet() == 0) done.tryComplete();
      return;
    }
    calls.apply(i).onComplete(ar -> worker(calls, total, next, active, done));
  }

  /** Household members of resident1, each of whom may sign up once; registered before the phases that use them. */
  private static final class People {
    private final Vertx vertx;
    private final HttpClient client;
    private final int port;
    private final int concurrency;
    private int registered;

    People(Vertx vertx, HttpClient client, int port, int concurrency) {
      this.vertx = vertx;
      this.client = client;
      this.port = port;
      this.concurrency = concurrency;
    }

    List<String> register(TestEnv env, int count) {
      String token = env.token("resident1");
      int first = registered;
      registered += count;
      List<String> ids = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(count, (String) null)));
      java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
      long start = System.nanoTime();
      closedLoop(vertx, concurrency, count, i -> {
        int n = first + i;
        String idNumber = IdNumbers.valid("370102", LocalDate.of(1930, 1, 1).plusDays(n % 30_000), n / 30_000 % 1000);
        String member = new JsonObject().put("name", "压测" + n).put("relation", "other").put("idNumber", idNumber)
            .put("residenceRegion", "370102").encode();
        return registerOne(token, member, 5).onSuccess(id -> ids.set(i, id)).onFailure(e -> failure.compareAndSet(null, e));
      });
      if (failure.get() != null) throw new IllegalStateException("Some household members were not registered", failure.get());
      System.out.printf("Registered %,d household members in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
      return ids;
    }

    /** A 503 (on a busy machine the server's database pool can time out) is tried again, a few times. */
    private Future<String> registerOne(String token, String member, int tries) {
      return post(client, port, token, "/v1/me/dependants", member).compose(resp -> resp.body().compose(b -> {
        if (resp.statusCode() == 201) return Future.succeededFuture(new JsonObject(b).getString("id"));
        if (resp.statusCode() == 503 && tries > 1) return registerOne(token, member, tries - 1);
        return Future.failedFuture("Registering a household member: " + resp.statusCode() + " " + b);
      }));
    }
  }

  private static Future<io.vertx.core.http.HttpClientResponse> post(HttpClient client, int port, String token, String path, String body) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI(path).putHeader("Authorization", "Bearer " + token)
            .putHeader("Content-Type", "application/json").putHeader("Idempotency-Key", UUID.randomUUID().toString()))
        .compose(req -> req.send(Buffer.buffer(body)).compose(resp -> resp.body().map(b -> resp)));
  }

  private static Map<String, String> withKey(Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Idempotency-Key", UUID.randomUUID().toString());
    return all;
  }

  private static String body(String teamId, String dependantId) {
    return new JsonObject().put("teamId", teamId).put("dependantId", dependantId).put("packages", new JsonArray().add("basic"))
        .put("agreementVersion", "2026.1").encode();
  }

  private static String team(TestEnv env, int cap) throws Exception {
    String id = UUID.randomUUID().toString();
    try (Connection c = env.database()) {
      var st = c.prepareStatement("INSERT INTO team (id, facility_id, name_zh, service_area, accepts_out_of_area, panel_cap, packages)"
          + " VALUES (?::uuid, 'd0000000-0000-4000-8000-000000000002'::uuid, ?, ARRAY['370102'], true, ?, ARRAY['basic'])");
      st.setString(1, id);
      st.setString(2, "压测团队" + id.substring(0, 8));
      st.setInt(3, cap);
      st.executeUpdate();
    }
    return id;
  }

  /** This run's PostgreSQL processes: the server's connections and the background ones (WAL writer, checkpointer...). */
  private static Set<Long> postgresProcesses(TestEnv env) throws Exception {
    Set<Long> pids = new java.util.HashSet<>();
    try (Connection c = env.database(); var rs = c.createStatement().executeQuery("SELECT pid FROM pg_stat_activity")) {
      while (rs.next()) pids.add(rs.getLong(1));
    }
    return pids;
  }

  /** Contracts holding a place on the team beyond its cap (must be 0). */
  private static int overCap(TestEnv env, String teamId) throws Exception {
    try (Connection c = env.database(); var rs = c.createStatement().executeQuery("SELECT count(*) FILTER (WHERE s.status IN ('PENDING', 'ACTIVE'))"
        + " - max(t.panel_cap) FROM team t LEFT JOIN signup s ON s.team_id = t.id WHERE t.id = '" + UUID.fromString(teamId) + "'")) {
      rs.next();
      return Math.max(0, rs.getInt(1));
    }
  }
}
