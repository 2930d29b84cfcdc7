package org.healthportal.platform.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache-aside reads of serialized responses: Redis first, then the loader (PostgreSQL).
 *
 * <p><b>Exact invalidation.</b> Every key lives in a namespace whose generation counter is kept in
 * Redis; a cached value is stored under the generation that was current when its read began.
 * {@link #invalidate} increments the generation after the database commit and before the writer
 * answers, so no read that starts after a successful write can find an older value, even one that a
 * slow concurrent read stores late. When the increment cannot reach Redis, this instance stops
 * using Redis for that namespace until a retry succeeds.
 *
 * <p><b>Single flight.</b> Concurrent misses of one key on this instance share one load, so a hot
 * entry that expires under load costs one database query. A Redis failure is a miss, never an error.
 */
public final class CachedReads {

  private static final Logger LOG = LoggerFactory.getLogger(CachedReads.class);
  private static final long RETRY_MS = 1_000;
  /** One round trip: the namespace generation and the value stored under it. */
  private static final String GET_WITH_GENERATION = """
      local g = redis.call('GET', KEYS[1]) or '0'
      return {g, redis.call('GET', ARGV[1] .. g .. ':' .. ARGV[2]) or false}
      """;

  private final Vertx vertx;
  private final RedisCache redis;
  private final Map<String, Future<String>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> localGenerations = new ConcurrentHashMap<>();
  private final Set<String> pendingInvalidations = ConcurrentHashMap.newKeySet();

  private final MeterRegistry metrics;

  public CachedReads(Vertx vertx, RedisCache redis, MeterRegistry metrics) {
    this.vertx = vertx;
    this.redis = redis;
    this.metrics = metrics;
  }

  /** The cached value of {@code key} in {@code namespace}, or the loader's result (then cached for {@code ttl}). */
  public Future<String> getOrLoad(String namespace, String key, Duration ttl, Supplier<Future<String>> loader) {
    String local = namespace + "#" + localGeneration(namespace).get() + ":" + key;
    if (pendingInvalidations.contains(namespace)) return loadOnce(local, null, ttl, loader);
    return redis.<List<Object>>run(c -> c.eval(GET_WITH_GENERATION, io.lettuce.core.ScriptOutputType.MULTI,
            new String[] {generationKey(namespace)}, valuePrefix(namespace), key))
        .transform(ar -> {
          if (ar.failed()) {
            LOG.debug("Cache read failed for {}: {}", key, ar.cause().getMessage());
            return loadOnce(local, null, ttl, loader);
          }
          String generation = String.valueOf(ar.result().get(0));
          Object hit = ar.result().size() > 1 ? ar.result().get(1) : null;
          if (hit instanceof String value) return Future.succeededFuture(value);
          return loadOnce(local + "@" + generation, valuePrefix(namespace) + generation + ":" + key, ttl, loader);
        });
  }

  /**
   * Makes every cached value of {@code namespace} unreachable. Completes (never fails) once Redis
   * has the new generation, or once this instance has stopped trusting Redis for the namespace.
   */
  public Future<Void> invalidate(String namespace) {
    localGeneration(namespace).incrementAndGet();
    return redis.run(c -> c.incr(generationKey(namespace))).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("Could not invalidate cache namespace {} ({}); bypassing Redis for it until it can", namespace, ar.cause().getMessage());
        if (pendingInvalidations.add(namespace)) vertx.setTimer(RETRY_MS, id -> retryInvalidation(namespace));
      }
      return Future.succeededFuture();
    });
  }

  private void retryInvalidation(String namespace) {
    redis.run(c -> c.incr(generationKey(namespace))).onComplete(ar -> {
      if (ar.succeeded()) {
        pendingInvalidations.remove(namespace);
        LOG.info("Cache namespace {} invalidated after Redis came back", namespace);
      } else {
        vertx.setTimer(RETRY_MS, id -> retryInvalidation(namespace));
      }
    });
  }

  /** Shares one load per in-flight key; stores the result under {@code redisKey} when given. */
  private Future<String> loadOnce(String flightKey, String redisKey, Duration ttl, Supplier<Future<String>> loader) {
    Promise<String> mine = Promise.promise();
    Future<String> shared = inFlight.putIfAbsent(flightKey, mine.future());
    if (shared == null) {
      shared = mine.future();
      metrics.counter("hp.cache.loads", "namespace", flightKey.substring(0, flightKey.indexOf('#'))).increment();
      loader.get().onComplete(ar -> {
        // Leave the flight only once the value is in Redis, so a request arriving in between
        // finds it there instead of starting a second load.
        Future<Void> stored = ar.succeeded() && ar.result() != null && redisKey != null
            ? redis.set(redisKey, ar.result(), ttl).recover(e -> {
                LOG.debug("Cache write failed for {}: {}", redisKey, e.getMessage());
                return Future.succeededFuture();
              })
            : Future.succeededFuture();
        stored.onComplete(v -> {
          inFlight.remove(flightKey, mine.future());
          mine.handle(ar);
        });
      });
    }
    // Waiters may sit on other event loops: hand the result back on the caller's own context.
    return Future.fromCompletionStage(shared.toCompletionStage(), vertx.getOrCreateContext());
  }

  private AtomicLong localGeneration(String namespace) {
    return localGenerations.computeIfAbsent(namespace, n -> new AtomicLong());
  }

  private static String generationKey(String namespace) {
    return "hp:gen:" + namespace;
  }

  private static String valuePrefix(String namespace) {
    return "hp:" + namespace + ":";
  }
}
