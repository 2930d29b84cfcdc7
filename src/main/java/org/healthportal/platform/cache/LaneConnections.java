package org.healthportal.platform.cache;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * One event loop's connections. {@code primary} serves writes and every read that must see the
 * latest write (a namespace's generation, a rate-limit count). {@code replicaReads} serves reads
 * that a replica a little behind may answer: values stored under a generation, which never change
 * once written, so a lagging replica can only answer "not there yet" (a miss), never a wrong value.
 * For one Redis server both are the same connection.
 */
record LaneConnections(
    StatefulConnection<String, String> primary,
    RedisClusterAsyncCommands<String, String> primaryCommands,
    StatefulConnection<String, String> replicaReads,
    RedisClusterAsyncCommands<String, String> replicaCommands) {

  boolean open() {
    return primary.isOpen();
  }

  void close() {
    primary.close();
    if (replicaReads != primary) replicaReads.close();
  }
}
