package org.healthportal.platform.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
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
 * <p>Redis is a cache, never the only copy: commands time out quickly, are rejected rather than
 * queued while disconnected, and a Redis that is down at start is retried in the background. Callers
 * treat a failed future as "not cached".
 */
public final class RedisCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
  private static final long RECONNECT_DELAY_MS = 2_000;

  private final Vertx vertx;
  private final ClientResources shared;
  private final RedisURI uri;
  private final Map<EventLoop, Lane> lanes = new LinkedHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Three time-outs in a row open it; a ping every {@link #PROBE_INTERVAL_MS} closes it again. */
  private final CircuitBreaker breaker = new CircuitBreaker(3);
  private static final long PROBE_INTERVAL_MS = 1_000;

  /** One event loop's client and connection (null until connected). */
  private static final class Lane {
    final RedisClient client;
    volatile StatefulRedisConnection<String, String> connection;

    Lane(RedisClient client) {
      this.client = client;
    }

    boolean open() {
      StatefulRedisConnection<String, String> conn = connection;
      return conn != null && conn.isOpen();
    }
  }

  private RedisCache(Vertx vertx, ClientResources shared, RedisURI uri) {
    this.vertx = vertx;
    this.shared = shared;
    this.uri = uri;
  }

  /** Creates the clients and starts connecting; never fails because Redis is down. */
  public static RedisCache connect(Vertx vertx, AppConfig.Redis config) {
    RedisURI uri = RedisURI.create(config.url().orElseThrow(() -> new IllegalStateException("redis.url is not set")));
    uri.setTimeout(config.timeout());
    // Timer and computation threads are shared by all lanes; no Lettuce I/O thread is ever started.
    ClientResources shared = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
    ClientOptions options = ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(config.timeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).keepAlive(true).build())
        .build();
    RedisCache cache = new RedisCache(vertx, shared, uri);
    for (EventExecutor executor : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      EventLoop loop = (EventLoop) executor;
      RedisClient client = RedisClient.create(shared.mutate().eventLoopGroupProvider(new OnEventLoop(loop)).build(), uri);
      client.setOptions(options);
      cache.lanes.put(loop, new Lane(client));
    }
    cache.lanes.values().forEach(cache::tryConnect);
    return cache;
  }

  private void tryConnect(Lane lane) {
    if (closed.get()) return;
    lane.client.connectAsync(StringCodec.UTF8, uri).whenComplete((conn, err) -> {
      if (err == null) {
        boolean first = !connected();
        lane.connection = conn;
        if (first) LOG.info("Connected to Redis at {}:{}", uri.getHost(), uri.getPort());
      } else {
        LOG.warn("Redis unavailable at {}:{} ({}); retrying in {} ms, serving from PostgreSQL meanwhile",
            uri.getHost(), uri.getPort(), err.getMessage(), RECONNECT_DELAY_MS);
        vertx.setTimer(RECONNECT_DELAY_MS, id -> tryConnect(lane));
      }
    });
  }

  /**
   * Runs one command, on the calling event loop's connection when it is open (else any open one),
   * and completes on the calling Vert.x context. Fails fast when Redis is not connected (the caller
   * falls back to PostgreSQL).
   */
  public <T> Future<T> run(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
    if (breaker.isOpen()) return Future.failedFuture(SKIPPED);
    return send(command).andThen(ar -> {
      if (ar.succeeded() || !isOutage(ar.cause())) {
        breaker.succeeded();
      } else if (breaker.failed()) {
        LOG.warn("Redis is not answering ({}); skipping it, serving from PostgreSQL, until a probe succeeds", ar.cause().toString());
        probeLater();
      }
    });
  }

  private <T> Future<T> send(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Lane lane = lanes.get(context.nettyEventLoop());
    if (lane == null || !lane.open()) lane = lanes.values().stream().filter(Lane::open).findFirst().orElse(null);
    if (lane == null) return Future.failedFuture(NOT_CONNECTED);
    try {
      return Future.fromCompletionStage(command.apply(lane.connection.async()), context);
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
    vertx.setTimer(PROBE_INTERVAL_MS, id -> send(RedisAsyncCommands::ping).onComplete(ar -> {
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

  public Future<String> get(String key) {
    return run(c -> c.get(key));
  }

  public Future<Void> set(String key, String value, Duration ttl) {
    return run(c -> c.setex(key, ttl.toSeconds(), value)).mapEmpty();
  }

  public Future<Long> delete(String... keys) {
    return run(c -> c.del(keys));
  }

  /** Round-trip latency check for readiness. */
  public Future<String> ping() {
    return run(RedisAsyncCommands::ping);
  }

  @Override
  public void close() {
    closed.set(true);
    for (Lane lane : lanes.values()) {
      StatefulRedisConnection<String, String> conn = lane.connection;
      if (conn != null) conn.close();
      lane.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    shared.shutdown();
  }

  /**
   * Hands Lettuce one Vert.x event loop as its "group": a Netty event loop is a group of one, so
   * every channel of the client registers on it. Vert.x owns the loop; Lettuce never shuts it down.
   */
  private record OnEventLoop(EventLoop loop) implements EventLoopGroupProvider {
    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
      return (T) loop;
    }

    @Override
    public int threadPoolSize() {
      return 1;
    }

    @Override
    public io.netty.util.concurrent.Future<Boolean> release(EventExecutorGroup group, long quiet, long timeout, TimeUnit unit) {
      return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    @Override
    public io.netty.util.concurrent.Future<Boolean> shutdown(long quiet, long timeout, TimeUnit unit) {
      return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
  }
}
