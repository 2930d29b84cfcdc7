package org.healthportal.platform.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.healthportal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis connection (Lettuce), bridged to Vert.x futures on the caller's context.
 *
 * <p>Redis is a cache, never the only copy: commands time out quickly, are rejected rather than queued
 * while disconnected, and a Redis that is down at start is retried in the background. Callers treat
 * a failed future as "not cached".
 */
public final class RedisCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
  private static final long RECONNECT_DELAY_MS = 2_000;

  private final Vertx vertx;
  private final RedisClient client;
  private final RedisURI uri;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, String> connection;

  private RedisCache(Vertx vertx, RedisClient client, RedisURI uri) {
    this.vertx = vertx;
    this.client = client;
    this.uri = uri;
  }

  /** Creates the client and starts connecting; never fails because Redis is down. */
  public static RedisCache connect(Vertx vertx, AppConfig.Redis config) {
    RedisURI uri = RedisURI.create(config.url().orElseThrow(() -> new IllegalStateException("redis.url is not set")));
    uri.setTimeout(config.timeout());
    // One connection needs one I/O thread; Lettuce's default pools (3 + 3 threads here) only add
    // threads competing with the event loops for the cores.
    RedisClient client = RedisClient.create(
        io.lettuce.core.resource.DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build(), uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(config.timeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).keepAlive(true).build())
        .build());
    RedisCache cache = new RedisCache(vertx, client, uri);
    cache.tryConnect();
    return cache;
  }

  private void tryConnect() {
    if (closed.get()) return;
    client.connectAsync(io.lettuce.core.codec.StringCodec.UTF8, uri).whenComplete((conn, err) -> {
      if (err == null) {
        connection = conn;
        LOG.info("Connected to Redis at {}:{}", uri.getHost(), uri.getPort());
      } else {
        LOG.warn("Redis unavailable at {}:{} ({}); retrying in {} ms, serving from PostgreSQL meanwhile",
            uri.getHost(), uri.getPort(), err.getMessage(), RECONNECT_DELAY_MS);
        vertx.setTimer(RECONNECT_DELAY_MS, id -> tryConnect());
      }
    });
  }

  /**
   * Runs one command and completes on the calling Vert.x context. Fails fast when Redis is not
   * connected (the caller falls back to PostgreSQL).
   */
  public <T> Future<T> run(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
    StatefulRedisConnection<String, String> conn = connection;
    if (conn == null || !conn.isOpen()) {
      return Future.failedFuture(new IllegalStateException("Redis not connected"));
    }
    try {
      return Future.fromCompletionStage(command.apply(conn.async()), vertx.getOrCreateContext());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
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
    StatefulRedisConnection<String, String> conn = connection;
    if (conn != null) conn.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    client.getResources().shutdown();
  }
}
