package org.healthportal.platform.cache;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletionStage;

/**
 * What {@link RedisCache}'s lanes connect to: one Redis server ({@link StandaloneTarget}) or a Redis
 * Cluster ({@link ClusterTarget}). Each lane gets a client of its own, on its event loop's resources.
 */
interface RedisTarget<C extends AbstractRedisClient> {

  /** A client whose channels register on the event loop that {@code resources} provide. */
  C client(ClientResources resources);

  /** Connects the client; completes on the lane's event loop. */
  CompletionStage<LaneConnections> connect(C client);

  /** For logs: never includes a password. */
  String describe();
}
