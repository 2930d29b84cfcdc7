package org.healthportal.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.CARE_HOME_1;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.support.EmbeddedRedisCluster;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.Poll;
import org.healthportal.support.Scrape;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.healthportal.support.Race;

/**
 * The cache, its invalidation, single flight and rate limits on a real Redis Cluster (three
 * masters, three replicas), with two service instances sharing it.
 */
class RedisClusterTest {

  private static final String REGIONS_GENERATION = "hp:gen:regions.v1";

  private static final TestEnv env = TestEnv.get();
  private static TestEnv.ClusterInstance a;
  private static TestEnv.ClusterInstance b;
  private final EmbeddedRedisCluster cluster = env.redisCluster();

  @BeforeAll
  static void startInstances() {
    // After the failover test a restarted node rejoins as a replica: the instances must see it as one
    // from their first topology read, or reads meant for replicas go to masters until a refresh.
    Poll.until("every replica in sync", Duration.ofSeconds(30), env.redisCluster()::whole);
    a = env.startOnRedisCluster(Map.of());
    b = env.startOnRedisCluster(Map.of());
  }

  @AfterAll
  static void stopInstances() {
    a.instance().stop();
    b.instance().stop();
  }

  /**
   * The generation and a cached value each live on the master that serves their slot, and nowhere
   * else but its replica; an instance without a copy in memory reads the value from that replica.
   */
  @Test
  void cachedValuesLiveOnTheMasterOfTheirSlotAndAreReadFromItsReplica() {
    assertThat(a.http().get("/v1/regions/370600").status()).isEqualTo(200);
    int ask = anyNode();
    int generationMaster = cluster.masterOf(SlotHash.getSlot(REGIONS_GENERATION), ask);
    String generation = cluster.get(generationMaster, REGIONS_GENERATION);
    assertThat(generation).as("the generation, on the master of its slot").isNotNull();

    String valueKey = "hp:regions.v1:" + generation + ":one:370600";
    int slot = SlotHash.getSlot(valueKey);
    int master = cluster.masterOf(slot, ask);
    assertThat(new JsonObject(cluster.get(master, valueKey)).getString("nameEn")).isEqualTo("Yantai");
    for (int port : cluster.ports()) {
      if (port != master && cluster.isMaster(port)) {
        long keysThere = cluster.onNode(port, c -> c.clusterCountKeysInSlot(slot));
        assertThat(keysThere).as("keys of slot %d on master %d", slot, port).isZero();
      }
    }
    // Instance b has no copy in memory: its read is a hit, served by a replica. A node that rejoined as
    // a replica a moment ago (after the failover test) may be missing from b's first view of the
    // cluster, which b refreshes every second; until then such reads go to the master. So a few
    // regions, each cached by a and read once by b, until one is answered by its replica.
    java.util.Iterator<String> regions = List.of("370600", "370200", "370100", "370300", "370700", "370800", "371000", "371300",
        "370400", "370500", "370900", "371100", "371400", "371500", "371600", "371700").iterator();
    Poll.until("a read on b answered by a replica", Duration.ofSeconds(15), () -> regions.hasNext() && aHitOnBFromAReplica(regions.next()));
  }

  /** Caches a region's page through a, reads it once on b; whether a replica answered b's read. */
  private boolean aHitOnBFromAReplica(String region) {
    assertThat(a.http().get("/v1/regions/" + region).status()).isEqualTo(200);
    int ask = anyNode();
    String generation = cluster.get(cluster.masterOf(SlotHash.getSlot(REGIONS_GENERATION), ask), REGIONS_GENERATION);
    String valueKey = "hp:regions.v1:" + generation + ":one:" + region;
    int replica = cluster.replicasOf(cluster.masterOf(SlotHash.getSlot(valueKey), ask), ask).get(0);
    Poll.until("the replica has the value", Duration.ofSeconds(5), () -> cluster.get(replica, valueKey) != null);
    long replicaGets = getCalls(replica);
    double hits = Scrape.cacheRequests(b.management(), "regions.v1", "hit");
    double loads = loads(b, "regions.v1");
    assertThat(b.http().get("/v1/regions/" + region).status()).isEqualTo(200);
    assertThat(Scrape.cacheRequests(b.management(), "regions.v1", "hit")).as("a hit on b").isEqualTo(hits + 1);
    assertThat(loads(b, "regions.v1")).as("no database load").isEqualTo(loads);
    return getCalls(replica) > replicaGets;
  }

  /** Exact invalidation holds across instances: a write on one is read at once on the other. */
  @Test
  void aWriteOnOneInstanceIsReadRightAfterOnTheOther() {
    Facilities onA = new Facilities(a.http());
    Facilities onB = new Facilities(b.http());
    onB.get(CARE_HOME_1);
    onB.get(CARE_HOME_1); // cached on b, in memory and in the cluster
    String generationKey = "hp:gen:facilities.v1";
    int generationMaster = cluster.masterOf(SlotHash.getSlot(generationKey), anyNode());
    String before = cluster.get(generationMaster, generationKey);
    long waitsBefore = waitCalls(generationMaster);

    int free = 1 + new java.util.Random().nextInt(60);
    Http.Response r = onA.reportBeds(CARE_HOME_1, env.token("staff1"), new JsonArray()
        .add(new JsonObject().put("careLevel", "self_care").put("total", 80).put("free", free)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);

    assertThat(selfCareFree(onB.get(CARE_HOME_1))).as("read on the other instance right after the write").isEqualTo(free);
    assertThat(selfCareFree(onA.get(CARE_HOME_1))).isEqualTo(free);
    String after = cluster.get(generationMaster, generationKey);
    assertThat(after).as("a new generation").isNotEqualTo(before);
    // Replicated before the write answered (WAIT 1 on the master): a failover now keeps it.
    assertThat(waitCalls(generationMaster)).as("WAIT calls on the generation's master").isGreaterThan(waitsBefore);
    for (int replica : cluster.replicasOf(generationMaster, anyNode())) {
      assertThat(cluster.get(replica, generationKey)).as("the new generation on replica " + replica).isEqualTo(after);
    }
  }

  /** How many WAIT commands the node on {@code port} has run ({@code INFO commandstats}). */
  private long waitCalls(int port) {
    String stats = cluster.onNode(port, c -> c.info("commandstats"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_wait:calls=(\\d+)").matcher(stats);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /** Concurrent misses of one key on an instance share one database load. */
  @Test
  void aBurstOfIdenticalMissesCostsOneLoad() {
    String query = "/v1/facilities?sort=price&maxMonthlyPrice=" + (100_000 + new java.util.Random().nextInt(900_001));
    double before = loads(a, "facilities.v1");
    double fallbacks = Scrape.cacheRequests(a.management(), "facilities.v1", "fallback");
    List<Http.Response> responses = Race.of(40, i -> () -> a.http().get(query));
    assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(responses.stream().map(Http.Response::body).distinct()).hasSize(1);
    assertThat(loads(a, "facilities.v1") - before).as("loads for 40 identical requests").isEqualTo(1.0);
    assertThat(Scrape.cacheRequests(a.management(), "facilities.v1", "fallback")).as("the cluster answered every read").isEqualTo(fallbacks);
  }

  /** Two instances count one caller's requests together, in one key on the master of its slot. */
  @Test
  void rateLimitsAreSharedThroughTheCluster() {
    Map<String, String> limit = Map.of("ratelimit.anonymous.limit", "5", "ratelimit.anonymous.window-seconds", "86400");
    TestEnv.ClusterInstance c = env.startOnRedisCluster(limit);
    TestEnv.ClusterInstance d = env.startOnRedisCluster(limit);
    try {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 4; i++) statuses.add((i % 2 == 0 ? c : d).http().get("/v1/regions?level=city").status());
      assertThat(statuses).containsOnly(200);
      assertThat(d.http().get("/v1/regions?level=city").header("RateLimit")).startsWith("\"anonymous\";r=0;");
      c.http().get("/v1/regions?level=city").problem(429);
      d.http().get("/v1/regions?level=city").problem(429);

      List<String> counters = new ArrayList<>();
      for (int port : cluster.ports()) {
        if (cluster.isMaster(port)) {
          List<String> keys = cluster.onNode(port, x -> x.keys("hp:rl:anonymous:5:86400:*"));
          for (String key : keys) {
            assertThat(cluster.masterOf(SlotHash.getSlot(key), port)).isEqualTo(port);
            counters.add(key + "=" + cluster.get(port, key));
          }
        }
      }
      assertThat(counters).as("one counter for the caller, on the master of its slot").hasSize(1);
      assertThat(counters.get(0)).endsWith("=7");
    } finally {
      c.instance().stop();
      d.instance().stop();
    }
  }

  /**
   * A script's keys must share a slot: keys with one hash tag run together on the master of that
   * slot; keys of different slots are refused before anything is sent.
   */
  @Test
  void aScriptRunsOnKeysOfOneHashTagAndRefusesKeysOfSeveralSlots() throws Exception {
    Vertx vertx = Vertx.vertx();
    RedisCache redis = RedisCache.connect(vertx, new AppConfig.Redis(Optional.empty(),
        List.of(cluster.seeds().split(",")).stream().map(s -> "redis://" + s).toList(), Duration.ofSeconds(1), Duration.ofSeconds(5)));
    try {
      Poll.until("connected to the cluster", Duration.ofSeconds(10), redis::connected);
      RedisScript both = new RedisScript("redis.call('SET', KEYS[1], ARGV[1]) redis.call('SET', KEYS[2], ARGV[1]) return 2");
      String tag = "test-" + System.nanoTime();
      Long done = both.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {"hp:{" + tag + "}:a", "hp:{" + tag + "}:b"}, "x")
          .toCompletionStage().toCompletableFuture().get();
      assertThat(done).isEqualTo(2L);
      int master = cluster.masterOf(SlotHash.getSlot(tag), anyNode());
      assertThat(cluster.get(master, "hp:{" + tag + "}:a")).isEqualTo("x");
      assertThat(cluster.get(master, "hp:{" + tag + "}:b")).isEqualTo("x");

      String[] apart = {"hp:" + tag + ":a", "hp:" + tag + ":b"};
      assertThat(SlotHash.getSlot(apart[0])).as("a pair of keys in different slots").isNotEqualTo(SlotHash.getSlot(apart[1]));
      var refused = both.<Long>run(redis, ScriptOutputType.INTEGER, apart, "x").toCompletionStage().toCompletableFuture();
      assertThat(refused).failsWithin(Duration.ofSeconds(1)).withThrowableThat().havingRootCause()
          .isInstanceOf(IllegalArgumentException.class).withMessageContaining("hash slot");
    } finally {
      redis.close();
      vertx.close().await();
    }
  }

  private int anyNode() {
    return cluster.ports().get(0);
  }

  private long getCalls(int port) {
    String stats = cluster.onNode(port, c -> c.info("commandstats"));
    return stats.lines().filter(l -> l.startsWith("cmdstat_get:")).findFirst()
        .map(l -> Long.parseLong(l.substring(l.indexOf("calls=") + 6, l.indexOf(',')))).orElse(0L);
  }

  private static double loads(TestEnv.ClusterInstance instance, String namespace) {
    return Scrape.sum(instance.management(), "hp_cache_loads_total", "namespace=\"" + namespace + "\"");
  }

  private static int selfCareFree(JsonObject facility) {
    JsonArray beds = facility.getJsonArray("beds");
    for (int i = 0; i < beds.size(); i++) {
      if ("self_care".equals(beds.getJsonObject(i).getString("careLevel"))) return beds.getJsonObject(i).getInteger("free");
    }
    throw new AssertionError("no self_care beds in " + facility.encode());
  }
}
