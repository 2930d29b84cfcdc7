package org.healthportal.platform.cache;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A Redis Cluster ({@code redis.cluster-nodes}): Lettuce's cluster client, which routes each key to
 * the master of its slot and follows {@code MOVED} and {@code ASK} redirects.
 *
 * <p><b>Topology.</b> Read again every {@code redis.cluster-refresh-seconds}, and at once (at most
 * once a second) when something hints at a change: a redirect, a node that cannot be reconnected
 * after three tries (a master that died: its replica takes over), a slot with no owner, an unknown
 * node. Lettuce's default back-off between such refreshes is 30 s, which would leave a failed-over
 * shard unused that long; Redis fails over in about {@code cluster-node-timeout} plus a second, and
 * a refresh that came too early is followed by the periodic one.
 */
final class ClusterTarget implements RedisTarget<RedisClusterClient> {

  private static final Duration ADAPTIVE_REFRESH_MIN_INTERVAL = Duration.ofSeconds(1);

  private final List<RedisURI> seeds;
  private final ClusterClientOptions options;

  ClusterTarget(List<RedisURI> seeds, ClusterClientOptions.Builder options, Duration periodicRefresh) {
    this.seeds = seeds;
    this.options = options
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(periodicRefresh)
            .enableAllAdaptiveRefreshTriggers()
            .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_MIN_INTERVAL)
            .refreshTriggersReconnectAttempts(3)
            .closeStaleConnections(true)
            .dynamicRefreshSources(true)
            .build())
        .build();
  }

  @Override
  public RedisClusterClient client(ClientResources resources) {
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    client.setOptions(options);
    return client;
  }

  /**
   * Two connections: one that only ever talks to masters (writes, generations, rate-limit counts),
   * and one that reads from a replica when the shard has one ({@code REPLICA_PREFERRED}) for values
   * that never change once written. A single connection cannot do both: {@code ReadFrom} is a
   * property of the connection, not of a command.
   */
  @Override
  public CompletionStage<LaneConnections> connect(RedisClusterClient client) {
    // connectAsync needs the topology already read (only the blocking connect reads it by itself).
    return client.refreshPartitionsAsync()
        .thenCompose(topology -> client.connectAsync(StringCodec.UTF8))
        .thenCompose(primary -> client.connectAsync(StringCodec.UTF8)
        .<LaneConnections>thenApply(replicaReads -> {
          replicaReads.setReadFrom(ReadFrom.REPLICA_PREFERRED);
          return connections(primary, replicaReads);
        })
        .whenComplete((ok, err) -> {
          if (err != null) primary.closeAsync();
        }));
  }

  private static LaneConnections connections(StatefulRedisClusterConnection<String, String> primary,
      StatefulRedisClusterConnection<String, String> replicaReads) {
    return new LaneConnections(primary, primary.async(), replicaReads, replicaReads.async());
  }

  @Override
  public String describe() {
    return "Redis Cluster (seeds " + String.join(", ", seeds.stream().map(u -> u.getHost() + ":" + u.getPort()).toList()) + ")";
  }
}
