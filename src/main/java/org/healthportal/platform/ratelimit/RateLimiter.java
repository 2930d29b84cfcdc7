package org.healthportal.platform.ratelimit;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.healthportal.platform.cache.RedisCache;
import org.healthportal.platform.cache.RedisScript;
import org.healthportal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window request counters. Windows are aligned to the epoch, so every instance agrees on
 * when one starts; the count lives in Redis under a key naming the policy (its limit and window
 * too, so a changed policy starts fresh), the caller and the window. When Redis cannot answer, this
 * instance counts alone in memory: limits then hold per instance instead of failing requests.
 */
public final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  /** Local windows kept before old ones are dropped. */
  private static final int MAX_LOCAL_KEYS = 100_000;
  /** Adds ARGV[2] requests; the first increment of a window also sets its expiry. Returns the new total. */
  private static final RedisScript COUNT = new RedisScript(
      "local n = redis.call('INCRBY', KEYS[1], ARGV[2]) if n == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n");

  /** The outcome for one request: whether it may proceed, and what is left of the window. */
  public record Decision(AppConfig.RateLimitPolicy policy, boolean allowed, long remaining, long resetSeconds) {}

  private final Vertx vertx;
  private final RedisCache redis;
  private final Clock clock;
  private final Map<String, Long> local = new ConcurrentHashMap<>();
  private final AtomicBoolean usingLocal = new AtomicBoolean();

  public RateLimiter(Vertx vertx, RedisCache redis, Clock clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.clock = clock;
  }

  /**
   * Counts one request of {@code caller} against {@code policy}. Never fails.
   *
   * <p>Requests of one caller that arrive in the same turn of an event loop share one Redis call
   * (an {@code INCRBY} of their number), and each gets its own position in the count, so limits
   * stay exact at a fraction of the round trips.
   */
  public Future<Decision> acquire(AppConfig.RateLimitPolicy policy, String caller) {
    long now = clock.millis();
    long windowMillis = policy.window().toMillis();
    long window = now / windowMillis;
    long resetMillis = (window + 1) * windowMillis - now;
    String key = "hp:rl:" + policy.name() + ":" + policy.limit() + ":" + policy.window().toSeconds() + ":" + caller + ":" + window;
    Context context = vertx.getOrCreateContext();
    Batch batch = context.get(key);
    if (batch == null) {
      Batch fresh = new Batch();
      context.put(key, fresh);
      context.runOnContext(v -> {
        context.remove(key);
        count(key, window, resetMillis, fresh.size).onComplete(fresh.total);
      });
      batch = fresh;
    }
    int position = batch.size++;
    long resetSeconds = Math.max(1, (resetMillis + 999) / 1000);
    Batch counted = batch;
    return batch.total.future().map(total -> {
      long count = total - counted.size + 1 + position;
      return new Decision(policy, count <= policy.limit(), Math.max(0, policy.limit() - count), resetSeconds);
    });
  }

  /** Requests of one caller in one event-loop turn, waiting on one count (event-loop confined). */
  private static final class Batch {
    int size;
    final Promise<Long> total = Promise.promise();
  }

  /** Adds {@code n} to the window's count and returns the total, from Redis or else from memory. */
  private Future<Long> count(String key, long window, long resetMillis, int n) {
    return COUNT.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {key}, String.valueOf(resetMillis + 1_000), String.valueOf(n))
        .map(total -> {
          if (usingLocal.compareAndSet(true, false)) LOG.info("Rate limits are shared through Redis again");
          return total;
        })
        .recover(e -> {
          if (usingLocal.compareAndSet(false, true)) LOG.warn("Redis unavailable ({}); rate limits are counted per instance", e.getMessage());
          return Future.succeededFuture(countLocally(key, window, n));
        });
  }

  private long countLocally(String key, long window, int n) {
    if (local.size() > MAX_LOCAL_KEYS) local.keySet().removeIf(k -> !k.endsWith(":" + window));
    return local.merge(key, (long) n, Long::sum);
  }
}
