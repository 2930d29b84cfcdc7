package org.healthportal.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.healthportal.support.EmbeddedRedisCluster;
import org.healthportal.support.Http;
import org.healthportal.support.Poll;
import org.healthportal.support.Scrape;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * Losing Redis Cluster nodes: a master killed under traffic fails over to its replica, and the
 * whole cluster gone means answers from PostgreSQL; never a 5xx, and caching comes back by itself.
 * Each test leaves the cluster whole again (killed nodes restarted) for the tests after it.
 */
class RedisClusterFailoverTest {

  private static final String NAMESPACE = "regions.v1";
  private static final String GENERATION = "hp:gen:" + NAMESPACE;
  private static final String WARM = "/v1/regions/370600";
  private static final List<String> PATHS = List.of(WARM, "/v1/regions?level=city", "/v1/regions/370100",
      "/v1/facilities?sort=price&limit=5", "/v1/tourism/sites?limit=3");

  private final TestEnv env = TestEnv.get();
  private final EmbeddedRedisCluster cluster = env.redisCluster();

  @Test
  void aMasterKilledUnderTrafficFailsOverWithNo5xxAndCachingResumes() throws Exception {
    TestEnv.ClusterInstance instance = env.startOnRedisCluster(Map.of());
    Http http = instance.http();
    int slot = SlotHash.getSlot(GENERATION);
    assertThat(http.get(WARM).status()).isEqualTo(200);
    int victim = cluster.masterOf(slot, cluster.ports().get(0));
    int heir = cluster.replicasOf(victim, cluster.ports().get(0)).get(0);
    String generation = cluster.get(victim, GENERATION);
    Poll.until("the replica has the generation", Duration.ofSeconds(5), () -> generation.equals(cluster.get(heir, GENERATION)));
    try (Traffic traffic = new Traffic(http, PATHS, 4)) {
      Poll.until("traffic flows", Duration.ofSeconds(10), () -> traffic.count() >= 40);
      double fallbacksBefore = Scrape.cacheRequests(instance.management(), NAMESPACE, "fallback");
      cluster.kill(victim);
      try {
        Duration failover = Poll.until("the replica on " + heir + " serves the slot of " + GENERATION, Duration.ofSeconds(30),
            () -> cluster.masterOf(slot, heir) == heir);
        int atFailover = traffic.count();
        Poll.until("traffic after the failover", Duration.ofSeconds(20), () -> traffic.count() >= atFailover + 100);
        traffic.close();
        System.out.printf("REDIS CLUSTER FAILOVER: master %d killed, replica %d took over in %d ms; %d answers %s, slowest %d ms%n",
            victim, heir, failover.toMillis(), traffic.count(), traffic.statuses(), traffic.slowestMillis());
        assertThat(traffic.statuses()).as("every answer during and after the failover").containsOnlyKeys(200);
        assertThat(Scrape.cacheRequests(instance.management(), NAMESPACE, "fallback"))
            .as("reads of %s fell back to PostgreSQL while its master was gone", NAMESPACE).isGreaterThan(fallbacksBefore);
        assertThat(cluster.get(heir, GENERATION)).as("the generation survived on the new master").isEqualTo(generation);

        Duration resumed = Poll.until("caching of " + NAMESPACE + " resumes", Duration.ofSeconds(30), () -> servedFromCache(instance, 5));
        System.out.printf("REDIS CLUSTER FAILOVER: hits without fallback again %d ms after the failover was visible%n", resumed.toMillis());
        String valueKey = "hp:" + NAMESPACE + ":" + generation + ":one:370100";
        assertThat(http.get("/v1/regions/370100").status()).isEqualTo(200);
        int valueMaster = cluster.masterOf(SlotHash.getSlot(valueKey), heir);
        assertThat(cluster.get(valueMaster, valueKey)).as("a value cached after the failover").isNotNull();
      } finally {
        rejoin(victim);
      }
    } finally {
      instance.instance().stop();
    }
  }

  @Test
  void withTheWholeClusterDownRequestsAreAnsweredPromptlyAndCachingResumesWhenItIsBack() {
    TestEnv.ClusterInstance instance = env.startOnRedisCluster(Map.of());
    Http http = instance.http();
    assertThat(http.get(WARM).status()).isEqualTo(200);
    List<Integer> nodes = cluster.ports();
    nodes.forEach(cluster::kill);
    try {
      long slowest = 0;
      for (int i = 0; i < 40; i++) {
        long start = System.nanoTime();
        Http.Response r = http.get(PATHS.get(i % PATHS.size()));
        slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
        assertThat(r.status()).as("request %d with the cluster down", i + 1).isEqualTo(200);
      }
      System.out.printf("REDIS CLUSTER DOWN: 40 requests answered, slowest %d ms%n", slowest);
      assertThat(slowest).as("no request waits long for a dead cluster").isLessThan(2_000);
      Http.Response ready = http.get("/health/ready");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().getString("status")).isEqualTo("DEGRADED");
    } finally {
      nodes.forEach(cluster::restart);
    }
    try {
      Poll.until("the restarted cluster is whole", Duration.ofSeconds(60), cluster::whole);
      Duration resumed = Poll.until("caching of " + NAMESPACE + " resumes", Duration.ofSeconds(30), () -> servedFromCache(instance, 5));
      System.out.printf("REDIS CLUSTER DOWN: caching resumed %d ms after the cluster was whole again%n", resumed.toMillis());
    } finally {
      instance.instance().stop();
    }
  }

  /** {@code n} reads of a cached entry are all hits and none falls back: the cluster answers again. */
  private static boolean servedFromCache(TestEnv.ClusterInstance instance, int n) {
    double hits = Scrape.cacheRequests(instance.management(), NAMESPACE, "hit");
    double fallbacks = Scrape.cacheRequests(instance.management(), NAMESPACE, "fallback");
    for (int i = 0; i < n; i++) assertThat(instance.http().get(WARM).status()).isEqualTo(200);
    return Scrape.cacheRequests(instance.management(), NAMESPACE, "fallback") == fallbacks
        && Scrape.cacheRequests(instance.management(), NAMESPACE, "hit") >= hits + n - 1;
  }

  /** Starts the killed node again: it rejoins as a replica of its heir, and the cluster is whole. */
  private void rejoin(int port) {
    cluster.restart(port);
    Poll.until("node " + port + " rejoined and the cluster is whole", Duration.ofSeconds(60), cluster::whole);
  }
}
