package org.healthportal.platform.ratelimit;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
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
  private static final RedisScript COUNT = new RedisScript(
      "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n");

  /** The outcome for one request: whether it may proceed, and what is left of the window. */
  public record Decision(AppConfig.RateLimitPolicy policy, boolean allowed, long remaining, long resetSeconds) {}

  private final RedisCache redis;
  private final Clock clock;
  private final Map<String, Long> local = new ConcurrentHashMap<>();
  private final AtomicBoolean usingLocal = new AtomicBoolean();

  public RateLimiter(RedisCache redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** Counts one request of {@code caller} against {@code policy}. Never fails. */
  public Future<Decision> acquire(AppConfig.RateLimitPolicy policy, String caller) {
    long now = clock.millis();
    long windowMillis = policy.window().toMillis();
    long window = now / windowMillis;
    long resetMillis = (window + 1) * windowMillis - now;
    String key = "hp:rl:" + policy.name() + ":" + policy.limit() + ":" + policy.window().toSeconds() + ":" + caller + ":" + window;
    return COUNT.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {key}, String.valueOf(resetMillis + 1_000))
        .map(count -> {
          if (usingLocal.compareAndSet(true, false)) LOG.info("Rate limits are shared through Redis again");
          return count;
        })
        .recover(e -> {
          if (usingLocal.compareAndSet(false, true)) LOG.warn("Redis unavailable ({}); rate limits are counted per instance", e.getMessage());
          return Future.succeededFuture(countLocally(key, window));
        })
        .map(count -> new Decision(policy, count <= policy.limit(), Math.max(0, policy.limit() - count),
            Math.max(1, (resetMillis + 999) / 1000)));
  }

  private long countLocally(String key, long window) {
    if (local.size() > MAX_LOCAL_KEYS) local.keySet().removeIf(k -> !k.endsWith(":" + window));
    return local.merge(key, 1L, Long::sum);
  }
}
