package org.healthportal.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.residents.IdNumbers;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.Race;
import org.healthportal.support.Poll;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.TestEnv;
import org.healthportal.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three server instances on everything shared as in production: the Redis Cluster (three masters,
 * three replicas), the PostgreSQL primary and its streaming replica. Under concurrent load across
 * them: rate limits are one count, a write is in the next read on every instance, one
 * Idempotency-Key makes one contract, three webhook dispatchers deliver every event, and a team's
 * cap holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutTest {

  private static final AtomicInteger PEOPLE = new AtomicInteger(new java.util.Random().nextInt(1_000_000));

  private final TestEnv env = TestEnv.get();
  private final Map<String, String> shared = Map.of(
      "db.replica-urls", env.replica().url(), "db.replica-probe-interval-ms", "50",
      "webhooks.dispatch", "true", "webhooks.allow-private-targets", "true", "webhooks.allow-http", "true",
      "webhooks.poll-interval-ms", "50", "webhooks.backoff-base-ms", "100", "webhooks.timeout-ms", "2000");
  /** Every instance this class starts, stopped after it: their dispatchers would deliver other tests' events. */
  private final List<TestEnv.ClusterInstance> started = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Http> instances = List.of(start(shared), start(shared), start(shared));
  private final String admin = env.token("admin1");

  @Test
  void rateLimitsAreOneCountAcrossThreeInstances() throws Exception {
    Map<String, String> limited = new HashMap<>(shared);
    limited.put("ratelimit.anonymous.limit", "30");
    limited.put("ratelimit.anonymous.window-seconds", "3600");
    limited.put("webhooks.dispatch", "false");
    List<Http> trio = List.of(start(limited), start(limited), start(limited));
    long remaining = remainingAwayFromWindowEnd(trio.get(0));
    List<Http.Response> burst = Race.of(90, i -> () -> trio.get(i % 3).get("/v1/regions?level=city"));
    assertThat(burst.stream().filter(r -> r.status() == 200).count()).as("served: what the first request left").isEqualTo(remaining);
    assertThat(burst.stream().filter(r -> r.status() == 429).count()).isEqualTo(90 - remaining);
    for (Http instance : trio) assertThat(instance.get("/v1/regions?level=city").status()).isEqualTo(429);
  }

  @Test
  void aWriteOnAnyInstanceIsInTheNextReadOnEveryOtherUnderLoad() throws Exception {
    AtomicBoolean loading = new AtomicBoolean(true);
    ExecutorService background = Executors.newFixedThreadPool(3);
    List<CompletableFuture<Integer>> load = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Http reader = instances.get(t);
      load.add(CompletableFuture.supplyAsync(() -> {
        int errors = 0;
        java.util.Random random = new java.util.Random();
        while (loading.get()) {
          String near = String.format(Locale.ROOT, "near=%.4f,%.4f&radiusKm=10", 36.6 + random.nextDouble() * 0.2, 117.0 + random.nextDouble() * 0.2);
          if (reader.get("/v1/facilities?" + near).status() != 200) errors++;
        }
        return errors;
      }, background));
    }
    try {
      List<Http.Response> checks = Race.of(24, i -> () -> {
        Http writer = instances.get(i % 3);
        Http reader = instances.get((i + 1) % 3);
        double lat = 36.60 + (i % 6) * 0.03;
        double lng = 117.00 + (i / 6) * 0.03;
        JsonObject created = new Facilities(writer).create(admin, Facilities.newCareHome("扩容测试" + i, "Scale-out test " + i, lat, lng));
        String id = created.getString("id");
        Http.Response found = reader.get(String.format(Locale.ROOT, "/v1/facilities?near=%.5f,%.5f&radiusKm=1&limit=100", lat, lng));
        assertThat(found.body()).as("created on " + writer.baseUrl() + ", searched on " + reader.baseUrl()).contains(id);
        Http.Response beds = new Facilities(writer).reportBeds(id, admin, new JsonArray()
            .add(new JsonObject().put("careLevel", "full_disability").put("total", 12).put("free", 5)));
        assertThat(beds.status()).as(beds.body()).isEqualTo(200);
        return reader.get("/v1/facilities?near=" + String.format(Locale.ROOT, "%.5f,%.5f", lat, lng)
            + "&radiusKm=1&careLevel=full_disability&hasVacancy=true&limit=100");
      });
      assertThat(checks).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
      assertThat(checks).allSatisfy(r -> assertThat(r.json().getJsonArray("items")).isNotEmpty());
    } finally {
      loading.set(false);
      background.shutdown();
    }
    assertThat(load.stream().mapToInt(CompletableFuture::join).sum()).as("errors under load").isZero();
  }

  @Test
  void oneIdempotencyKeyMakesOneContractAcrossInstances() throws Exception {
    String token = ResidentFixtures.withProfile(env, "resident1");
    String team = newTeam(100);
    String dependant = newDependant(token);
    String key = UUID.randomUUID().toString();
    List<Http.Response> responses = Race.of(30, i -> () -> signup(instances.get(i % 3), token, key, team, dependant));
    List<Http.Response> created = responses.stream().filter(r -> r.status() == 201).toList();
    assertThat(created).isNotEmpty();
    assertThat(created.stream().map(Http.Response::body).distinct()).as("every success is the first response").hasSize(1);
    assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
    responses.stream().filter(r -> r.status() == 409).forEach(r -> assertThat(r.json().getString("type")).endsWith("/idempotency-in-flight"));
    for (Http instance : instances) {
      assertThat(signup(instance, token, key, team, dependant).body()).isEqualTo(created.get(0).body());
      assertThat(instance.get("/v1/family-doctor/teams/" + team).json().getInteger("panelSize")).isEqualTo(1);
    }
  }

  @Test
  void aTeamsCapHoldsWhenSignupsArriveAtThreeInstances() throws Exception {
    String team = newTeam(25);
    List<String[]> people = new ArrayList<>();
    for (int account = 0; account < 4; account++) {
      String user = "scaleout" + account;
      env.keycloakAdmin().ensureUser(user, user + "-pass", "resident");
      String token = ResidentFixtures.withProfile(env, user);
      for (int i = 0; i < 20; i++) people.add(new String[] {token, newDependant(token)});
    }
    List<Http.Response> responses = Race.of(people.size(),
        i -> () -> signup(instances.get(i % 3), people.get(i)[0], UUID.randomUUID().toString(), team, people.get(i)[1]));
    assertThat(responses.stream().filter(r -> r.status() == 201).count()).isEqualTo(25);
    assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(people.size() - 25)
        .allSatisfy(r -> assertThat(r.json().getString("type")).endsWith("/team-full"));
    for (Http instance : instances) {
      assertThat(instance.get("/v1/family-doctor/teams/" + team).json().getInteger("panelSize")).isEqualTo(25);
    }
  }

  @Test
  void threeDispatchersDeliverEveryEventAndDuplicatesShareTheirId() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Http.Response subscribed = instances.get(0).send("POST", "/v1/webhooks", env.partnerToken(), "application/json",
          new JsonObject().put("url", receiver.url()).put("eventTypes", new JsonArray().add("facility.changed").add("facility.beds-freed"))
              .put("region", "370100").encode(), Map.of());
      assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
      String subscription = subscribed.json().getString("id");
      long before = lastOutboxId();
      Race.of(30, i -> () -> {
        Http writer = instances.get(i % 3);
        JsonObject created = new Facilities(writer).create(admin, Facilities.newCareHome("派发测试" + i, "Dispatch test " + i, 36.65, 117.0 + i * 0.001));
        return new Facilities(writer).reportBeds(created.getString("id"), admin, new JsonArray()
            .add(new JsonObject().put("careLevel", "self_care").put("total", 10).put("free", 3)));
      });
      Set<String> expected = eventsSince(before);
      assertThat(expected).hasSizeGreaterThanOrEqualTo(60);
      Poll.until("every event delivered", Duration.ofSeconds(60), () -> receiver.distinctIds().containsAll(expected));
      Poll.until("no delivery pending", Duration.ofSeconds(30), () -> instances.get(1)
          .get("/v1/webhooks/" + subscription, env.partnerToken()).json().getJsonObject("deliveries").getInteger("pending") == 0);
      assertThat(receiver.distinctIds()).containsExactlyInAnyOrderElementsOf(expected);
      JsonObject deliveries = instances.get(2).get("/v1/webhooks/" + subscription, env.partnerToken()).json().getJsonObject("deliveries");
      assertThat(deliveries.getInteger("delivered")).as("each event delivered once, by one of the three").isEqualTo(expected.size());
      assertThat(instances.get(0).send("DELETE", "/v1/webhooks/" + subscription, env.partnerToken(), "application/json", "", Map.of())
          .status()).isEqualTo(204);
    }
  }

  private Http start(Map<String, String> settings) {
    TestEnv.ClusterInstance instance = env.startOnRedisCluster(settings);
    started.add(instance);
    return instance.http();
  }

  @org.junit.jupiter.api.AfterAll
  void stopTheInstances() {
    started.forEach(i -> i.instance().stop());
  }

  /** Makes one request; if the window ends within 20 s, waits for the next. Returns what the window has left. */
  private static long remainingAwayFromWindowEnd(Http instance) throws InterruptedException {
    Pattern rateLimit = Pattern.compile("\"anonymous\";r=(\\d+);t=(\\d+)");
    Matcher m = rateLimit.matcher(instance.get("/v1/regions?level=city").header("RateLimit"));
    assertThat(m.find()).isTrue();
    if (Long.parseLong(m.group(2)) < 20) {
      Thread.sleep((Long.parseLong(m.group(2)) + 1) * 1000);
      m = rateLimit.matcher(instance.get("/v1/regions?level=city").header("RateLimit"));
      assertThat(m.find()).isTrue();
    }
    return Long.parseLong(m.group(1));
  }

  private String newTeam(int cap) {
    JsonObject team = new JsonObject().put("facilityId", HEALTH_CENTRE_2).put("nameZh", "扩容团队" + UUID.randomUUID().toString().substring(0, 8))
        .put("serviceArea", new JsonArray().add("370102")).put("panelCap", cap)
        .put("packages", new JsonArray().add("basic")).put("members", new JsonArray());
    Http.Response created = instances.get(0).send("POST", "/v1/family-doctor/teams", admin, "application/json", team.encode(), Map.of());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  /** A new household member with an ID number no other test uses. */
  private String newDependant(String token) {
    int n = PEOPLE.incrementAndGet();
    String id = IdNumbers.valid("370112", LocalDate.of(1940, 1, 1).plusDays(n % 20_000), n / 20_000 % 1000);
    Http.Response r = instances.get(n % 3).send("POST", "/v1/me/dependants", token, "application/json", new JsonObject()
        .put("name", "扩容" + n).put("relation", "parent").put("idNumber", id).put("residenceRegion", "370102").encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  private static Http.Response signup(Http instance, String token, String key, String team, String dependant) {
    JsonObject body = new JsonObject().put("teamId", team).put("dependantId", dependant).put("packages", new JsonArray().add("basic"))
        .put("agreementVersion", "2026.1");
    return instance.send("POST", "/v1/family-doctor/signups", token, "application/json", body.encode(), Map.of("Idempotency-Key", key));
  }

  private long lastOutboxId() throws Exception {
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(max(id), 0) FROM outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Ids of the facility events in Jinan since {@code afterId}: what the subscription must receive. */
  private Set<String> eventsSince(long afterId) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT id FROM outbox WHERE id > " + afterId + " AND event_type IN ('facility.changed', 'facility.beds-freed')"
            + " AND left(payload->>'regionCode', 4) = '3701'")) {
      while (rs.next()) ids.add("evt_" + rs.getLong(1));
    }
    return ids;
  }
}
