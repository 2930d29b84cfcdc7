package org.healthportal.platform.cache;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.healthportal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis connections (Lettuce), bridged to Vert.x futures on the caller's context.
 *
 * <p><b>One connection per event loop, on that loop.</b> Each Vert.x event loop has its own Lettuce
 * connection whose Netty channel is registered on that same loop. A command sent from a request
 * handler is written on the calling thread, and its reply is read and completed on it too: a cache
 * hit costs no thread hand-off. With Lettuce's own I/O thread, every Redis call took two (to the I/O
 * thread and back), each a wake-up competing for the cores; that was most of the latency tail on
 * cache hits. Nothing on an event loop may wait synchronously for a reply (none does: only the
 * asynchronous API is used).
 *
 * <p><b>One server or a cluster.</b> With {@code redis.cluster-nodes} each lane's client is Lettuce's
 * cluster client ({@link ClusterTarget}), registered on the lane's loop the same way: its channel to
 * every node lives on that loop, so the design holds unchanged. The price is a connection per node
 * per event loop (twice for reads from replicas): up to 12 per event loop for three shards with a
 * replica each.
 *
 * <p>Redis is a cache, never the only copy: commands time out quickly, are rejected rather than
 * queued while disconnected, and a Redis that is down at start is retried in the background. Callers
 * treat a failed future as "not cached".
 */
public final class RedisCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
  private static final long RECONNECT_DELAY_MS = 2_000;
  /** Longest wait for a replica to acknowledge a generation: well inside redis.timeout-ms (250 by default). */
  private static final long REPLICATION_WAIT_MS = 100;

  private final Vertx vertx;
  private final ClientResources shared;
  private final RedisTarget<?> target;
  private final Map<EventLoop, Lane<?>> lanes = new LinkedHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Three time-outs in a row open it; a ping every {@link #PROBE_INTERVAL_MS} closes it again. */
  private final CircuitBreaker breaker = new CircuitBreaker(3);
  private static final long PROBE_INTERVAL_MS = 1_000;

  /** One event loop's client and connections (null until connected). */
  private static final class Lane<C extends AbstractRedisClient> {
    final C client;
    final RedisTarget<C> target;
    volatile LaneConnections connections;

    Lane(RedisTarget<C> target, C client) {
      this.target = target;
      this.client = client;
    }

    CompletionStage<LaneConnections> connect() {
      return target.connect(client);
    }

    boolean open() {
      LaneConnections conns = connections;
      return conns != null && conns.open();
    }
  }

  private RedisCache(Vertx vertx, ClientResources shared, RedisTarget<?> target) {
    this.vertx = vertx;
    this.shared = shared;
    this.target = target;
  }

  /** Creates the clients and starts connecting; never fails because Redis is down. */
  public static RedisCache connect(Vertx vertx, AppConfig.Redis config) {
    // Timer and computation threads are shared by all lanes; no Lettuce I/O thread is ever started.
    // Reconnects back off to at most 2 s (Lettuce's default is 30 s): a cache that is back should be
    // used again within seconds, and a cluster node that fails to reconnect three times in a row
    // triggers a topology refresh (ClusterTarget) a few hundred milliseconds after it went away.
    ClientResources shared = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
        .build();
    RedisCache cache = new RedisCache(vertx, shared, target(config));
    for (EventExecutor executor : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      EventLoop loop = (EventLoop) executor;
      cache.lanes.put(loop, lane(cache.target, shared.mutate().eventLoopGroupProvider(new OnEventLoop(loop)).build()));
    }
    cache.lanes.values().forEach(cache::tryConnect);
    return cache;
  }

  private static <C extends AbstractRedisClient> Lane<C> lane(RedisTarget<C> target, ClientResources onLoop) {
    return new Lane<>(target, target.client(onLoop));
  }

  private static RedisTarget<?> target(AppConfig.Redis config) {
    if (config.cluster()) {
      ClusterClientOptions.Builder options = ClusterClientOptions.builder();
      failFast(options, config.timeout());
      return new ClusterTarget(config.clusterNodes().stream().map(seed -> uri(seed, config.timeout())).toList(),
          options, config.clusterRefresh());
    }
    return new StandaloneTarget(uri(config.url().orElseThrow(() -> new IllegalStateException("redis.url is not set")),
        config.timeout()), failFast(ClientOptions.builder(), config.timeout()).build());
  }

  /** Short time-outs, commands refused (not queued) while disconnected, a background reconnect. */
  private static ClientOptions.Builder failFast(ClientOptions.Builder options, Duration timeout) {
    return options
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).keepAlive(true).build());
  }

  private static RedisURI uri(String url, Duration timeout) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(timeout);
    return uri;
  }

  private void tryConnect(Lane<?> lane) {
    if (closed.get()) return;
    lane.connect().whenComplete((conns, err) -> {
      if (err == null) {
        boolean first = !connected();
        lane.connections = conns;
        if (first) LOG.info("Connected to {}", target.describe());
      } else {
        LOG.warn("{} unavailable ({}); retrying in {} ms, serving from PostgreSQL meanwhile",
            target.describe(), err.getMessage(), RECONNECT_DELAY_MS);
        vertx.setTimer(RECONNECT_DELAY_MS, id -> tryConnect(lane));
      }
    });
  }

  /**
   * Runs one command, on the calling event loop's connection when it is open (else any open one),
   * and completes on the calling Vert.x context. Fails fast when Redis is not connected (the caller
   * falls back to PostgreSQL). In a cluster the command goes to the master of its key's slot: it
   * sees every write that master acknowledged.
   */
  public <T> Future<T> run(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
    return run(command, false);
  }

  private <T> Future<T> run(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command, boolean replicaOk) {
    if (breaker.isOpen()) return Future.failedFuture(SKIPPED);
    return send(command, replicaOk).andThen(ar -> {
      if (ar.succeeded() || !isOutage(ar.cause())) {
        breaker.succeeded();
      } else if (breaker.failed()) {
        LOG.warn("Redis is not answering ({}); skipping it, serving from PostgreSQL, until a probe succeeds", ar.cause().toString());
        probeLater();
      }
    });
  }

  private <T> Future<T> send(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command, boolean replicaOk) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Lane<?> lane = lanes.get(context.nettyEventLoop());
    if (lane == null || !lane.open()) lane = lanes.values().stream().filter(Lane::open).findFirst().orElse(null);
    if (lane == null) return Future.failedFuture(NOT_CONNECTED);
    LaneConnections conns = lane.connections;
    try {
      return Future.fromCompletionStage(command.apply(replicaOk ? conns.replicaCommands() : conns.primaryCommands()), context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A time-out or a lost connection. Not: an error Redis answered with (a script error, say), nor
   * "not connected", which already fails at once (and, before the first connection, must not open
   * the breaker and turn Redis off for the service's first second).
   */
  private static boolean isOutage(Throwable failure) {
    return failure != NOT_CONNECTED && !(failure instanceof io.lettuce.core.RedisCommandExecutionException);
  }

  private void probeLater() {
    if (closed.get()) return;
    vertx.setTimer(PROBE_INTERVAL_MS, id -> send(RedisClusterAsyncCommands::ping, false).onComplete(ar -> {
      if (ar.succeeded()) {
        breaker.close();
        LOG.info("Redis answers again; using it");
      } else {
        probeLater();
      }
    }));
  }

  /** Whether calls are being skipped because Redis stopped answering (for readiness). */
  public boolean skipping() {
    return breaker.isOpen();
  }

  private static final IllegalStateException NOT_CONNECTED = new IllegalStateException("Redis not connected") {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  };

  private static final IllegalStateException SKIPPED =
      new IllegalStateException("Redis skipped: it stopped answering; a background probe is checking it") {
        @Override
        public synchronized Throwable fillInStackTrace() {
          return this;
        }
      };

  /** True once at least one connection is open. */
  public boolean connected() {
    return lanes.values().stream().anyMatch(Lane::open);
  }

  /** The value of {@code key} as its master has it: for values that change (a generation). */
  public Future<String> get(String key) {
    return run(c -> c.get(key));
  }

  /**
   * The value of a key that never changes once written (a value stored under a generation): in a
   * cluster a replica may answer. A replica that has not caught up yet answers null, a miss, never
   * an older value, as there is none.
   */
  public Future<String> getWrittenOnce(String key) {
    return run(c -> c.get(key), true);
  }

  /**
   * Sets a value that must survive a failover (a generation: losing a new one would bring back the
   * values cached under the old one). In a cluster the SET goes to the master of the key's slot,
   * followed on that same node connection by {@code WAIT 1}: it answers once a replica has every
   * write sent before it, or after {@link #REPLICATION_WAIT_MS} (a shard without a live replica),
   * when the value is kept but could be lost with its master. On one server, a plain SET.
   */
  public Future<Void> setReplicated(String key, String value) {
    return run(c -> {
      if (c instanceof RedisAdvancedClusterAsyncCommands<String, String> cluster) {
        RedisClusterNode master = cluster.getStatefulConnection().getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        if (master != null) {
          // The node's connection asynchronously: the blocking variant may connect, on this event loop.
          return cluster.getStatefulConnection().getConnectionAsync(master.getNodeId()).thenCompose(node -> node.async().set(key, value)
              .thenCompose(ok -> node.async().waitForReplication(1, REPLICATION_WAIT_MS))
              .thenApply(replicas -> {
                if (replicas < 1) LOG.warn("{} is on its master only: no replica acknowledged it within {} ms", key, REPLICATION_WAIT_MS);
                return null;
              }));
        }
      }
      return c.set(key, value).thenApply(ok -> null);
    });
  }

  public Future<Void> set(String key, String value, Duration ttl) {
    return run(c -> c.setex(key, ttl.toSeconds(), value)).mapEmpty();
  }

  /** Round-trip latency check for readiness. */
  public Future<String> ping() {
    return run(RedisClusterAsyncCommands::ping);
  }

  @Override
  public void close() {
    closed.set(true);
    for (Lane<?> lane : lanes.values()) {
      LaneConnections conns = lane.connections;
      if (conns != null) conns.close();
      lane.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    shared.shutdown();
  }
}
