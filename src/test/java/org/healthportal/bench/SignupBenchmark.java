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
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.healthportal.residents.IdNumbers;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.TestEnv;

/**
 * Signup throughput and latency under concurrent load: many teams, then one hot team that fills up.
 * Prints numbers. Run: {@code mvn -Pbench test-compile exec:exec -Dbench.main=org.healthportal.bench.SignupBenchmark}.
 */
public final class SignupBenchmark {

  public static void main(String[] args) throws Exception {
    System.setProperty("testenv.access-log", "WARN");
    int signups = Integer.getInteger("bench.signups", 1000);
    int concurrency = Integer.getInteger("bench.concurrency", 32);
    TestEnv env = TestEnv.get();
    String token = ResidentFixtures.withProfile(env, "resident1");
    int port = Integer.parseInt(env.baseUrl.substring(env.baseUrl.lastIndexOf(':') + 1));

    System.out.printf("Registering %,d household members...%n", 2 * signups);
    List<String> people = new ArrayList<>();
    for (int i = 0; i < 2 * signups; i++) {
      String id = IdNumbers.valid("370102", LocalDate.of(1930, 1, 1).plusDays(i), i % 1000);
      var r = env.http.send("POST", "/v1/me/dependants", token, "application/json", new JsonObject().put("name", "压测" + i)
          .put("relation", "other").put("idNumber", id).put("residenceRegion", "370102").encode(), Map.of());
      people.add(r.json().getString("id"));
    }
    List<String> manyTeams = new ArrayList<>();
    for (int i = 0; i < 50; i++) manyTeams.add(team(env, 10_000));
    String hotTeam = team(env, signups / 2);

    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
    SplittableRandom random = new SplittableRandom(7);
    Run spread = run(vertx, client, port, token, concurrency, signups, i -> body(manyTeams.get(random.nextInt(manyTeams.size())), people.get(i)));
    Run hot = run(vertx, client, port, token, concurrency, signups, i -> body(hotTeam, people.get(signups + i)));

    System.out.printf("%n=== Signup benchmark: %,d signups per phase, %d concurrent clients, %d cores ===%n", signups, concurrency,
        Runtime.getRuntime().availableProcessors());
    System.out.println(spread.line("50 teams, spread"));
    System.out.println(hot.line("one hot team, cap " + signups / 2));
    vertx.close().await();
    System.exit(0);
  }

  record Run(int created, int refused, int other, double seconds, Histogram latencyMicros) {
    String line(String name) {
      return String.format(Locale.ROOT, "%-28s %7.0f signups/s   p50 %6.2f ms   p99 %6.2f ms   201: %d   409: %d   other: %d",
          name, (created + refused + other) / seconds, latencyMicros.getValueAtPercentile(50) / 1000.0,
          latencyMicros.getValueAtPercentile(99) / 1000.0, created, refused, other);
    }
  }

  private static Run run(Vertx vertx, HttpClient client, int port, String token, int concurrency, int total,
      java.util.function.IntFunction<String> bodies) {
    Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger created = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    AtomicInteger active = new AtomicInteger(concurrency);
    Promise<Void> done = Promise.promise();
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      vertx.runOnContext(v -> worker(client, port, token, total, bodies, h, next, created, refused, other, active, done));
    }
    done.future().await();
    return new Run(created.get(), refused.get(), other.get(), (System.nanoTime() - start) / 1e9, h);
  }

  private static void worker(HttpClient client, int port, String token, int total, java.util.function.IntFunction<String> bodies, Histogram h,
      AtomicInteger next, AtomicInteger created, AtomicInteger refused, AtomicInteger other, AtomicInteger active, Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= total) {
      if (active.decrementAndGet() == 0) done.tryComplete();
      return;
    }
    long sent = System.nanoTime();
    post(client, port, token, bodies.apply(i)).onComplete(ar -> {
      synchronized (h) {
        h.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
      }
      int status = ar.succeeded() ? ar.result() : -1;
      (status == 201 ? created : status == 409 ? refused : other).incrementAndGet();
      worker(client, port, token, total, bodies, h, next, created, refused, other, active, done);
    });
  }

  private static Future<Integer> post(HttpClient client, int port, String token, String body) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/v1/family-doctor/signups").putHeader("Authorization", "Bearer " + token)
            .putHeader("Content-Type", "application/json").putHeader("Idempotency-Key", UUID.randomUUID().toString()))
        .compose(req -> req.send(Buffer.buffer(body)).compose(resp -> resp.body().map(b -> resp.statusCode())));
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
}
