package org.healthportal.platform.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.healthportal.platform.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache-aside reads of serialized responses: this instance's memory, then Redis, then the loader
 * (PostgreSQL).
 *
 * <p><b>Exact invalidation.</b> Every value is stored under the generation of its namespace that was
 * current when its read began (see {@link Generations}). {@link #invalidate} replaces the generation
 * after the database commit and before the writer answers, so no read that starts after a successful
 * write can find an older value, in memory or in Redis, even one a slow concurrent read stores late.
 * When the generation cannot be read or replaced, this instance stops caching that namespace until
 * Redis answers again.
 *
 * <p><b>Single flight.</b> Concurrent misses of one key on this instance share one load, so a hot
 * entry that expires under load costs one database query. A Redis failure is a miss, never an error.
 */
public final class CachedReads {

  private static final Logger LOG = LoggerFactory.getLogger(CachedReads.class);
  private static final long RETRY_MS = 1_000;
  /** Entries kept in memory (Redis still holds the ones pushed out). */
  private static final int MAX_LOCAL_ENTRIES = 2_000;

  private final Vertx vertx;
  private final RedisCache redis;
  private final Generations generations;
  private final Meters metrics;
  private final Supplier<Future<String>> writePosition;
  /**
   * Bounded by size, with admission by frequency (W-TinyLFU), so the values that repeat stay; a map
   * that started over when full dropped them with the rest. Eviction runs on the caller's thread.
   */
  private final Cache<String, Local> local = Caffeine.newBuilder().maximumSize(MAX_LOCAL_ENTRIES).executor(Runnable::run).build();

  /** An in-memory copy lives no longer than its Redis copy. */
  private record Local(CachedValue value, long expiresAtNanos) {}

  /** Slots of the table of recently asked keys (a power of two). */
  private static final int RECENT_KEYS = 16_384;
  private final AtomicLongArray recentKeys = new AtomicLongArray(RECENT_KEYS);
  private final Map<String, Future<CachedValue>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> localGenerations = new ConcurrentHashMap<>();
  private final Set<String> pendingInvalidations = ConcurrentHashMap.newKeySet();

  public CachedReads(Vertx vertx, RedisCache redis, Meters metrics) {
    this(vertx, redis, metrics, null);
  }

  /**
   * @param writePosition the database's write position after a commit, which each invalidation
   *     stores in the new generation (see {@link org.healthportal.platform.db.WalPosition}); null
   *     when no read replica needs it
   */
  public CachedReads(Vertx vertx, RedisCache redis, Meters metrics, Supplier<Future<String>> writePosition) {
    this.vertx = vertx;
    this.redis = redis;
    this.generations = new Generations(vertx, redis);
    this.metrics = metrics;
    this.writePosition = writePosition;
  }

  /** The cached value of {@code key} in {@code namespace}, or the loader's result (then cached for {@code ttl}). */
  public Future<CachedValue> getOrLoad(String namespace, String key, Duration ttl, Supplier<Future<String>> loader) {
    String uncachedFlight = namespace + "#" + localGeneration(namespace).get() + ":" + key;
    if (pendingInvalidations.contains(namespace)) {
      count(namespace, "fallback");
      return loadOnce(namespace, uncachedFlight, null, ttl, loader);
    }
    return generations.current(namespace).transform(gen -> {
      if (gen.failed()) {
        LOG.debug("Cache generation unavailable for {}: {}", namespace, gen.cause().getMessage());
        count(namespace, "fallback");
        return loadOnce(namespace, uncachedFlight, null, ttl, loader);
      }
      String redisKey = localKey(namespace, gen.result(), key);
      Local inMemory = local.getIfPresent(redisKey);
      if (inMemory != null && System.nanoTime() < inMemory.expiresAtNanos()) {
        count(namespace, "hit");
        return Future.succeededFuture(inMemory.value());
      }
      // The generation came from the master; the value, fixed for that generation, may come from a replica.
      return redis.getWrittenOnce(redisKey).transform(ar -> {
        if (ar.succeeded() && ar.result() != null) {
          count(namespace, "hit");
          return Future.succeededFuture(remember(redisKey, CachedValue.of(ar.result()), ttl));
        }
        count(namespace, ar.succeeded() ? "miss" : "fallback");
        return loadOnce(namespace, redisKey, redisKey, ttl, loader);
      });
    });
  }

  /**
   * The current generation of {@code namespace}, for readers that keep their own copy of its data
   * (the search index). Fails while this instance cannot trust it: Redis does not answer, or an
   * invalidation of the namespace is still pending.
   */
  public Future<String> generation(String namespace) {
    if (pendingInvalidations.contains(namespace)) return Future.failedFuture("invalidation of " + namespace + " pending");
    return generations.current(namespace);
  }

  /**
   * What this instance remembers of {@code key} under the namespace's generation {@code generation}
   * (in memory only), or null. For values computed outside {@link #getOrLoad}: near-me pages from the
   * search index, which repeat too rarely to be worth a Redis round trip.
   */
  public CachedValue remembered(String namespace, String generation, String key) {
    Local inMemory = local.getIfPresent(localKey(namespace, generation, key));
    if (inMemory == null || System.nanoTime() >= inMemory.expiresAtNanos()) return null;
    count(namespace, "hit");
    return inMemory.value();
  }

  /**
   * Remembers a value computed for {@code generation} of the namespace, in this instance's memory,
   * once its key has been asked for before: a near-me page from a position asked once (almost every
   * phone's) is not worth keeping, and thousands a second of them kept for a while would go through
   * the old generation and make most of the searches' GC pauses. Returns {@code value}.
   */
  public CachedValue remember(String namespace, String generation, String key, Duration ttl, CachedValue value) {
    String localKey = localKey(namespace, generation, key);
    return askedBefore(localKey) ? remember(localKey, value, ttl) : value;
  }

  /**
   * Whether {@code key} was asked for recently, by a 64-bit hash in a table of {@value #RECENT_KEYS}
   * slots (a later key in its slot forgets it); records it. Plain reads and writes: a race loses at
   * most one admission.
   */
  private boolean askedBefore(String key) {
    long hash = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < key.length(); i++) hash = (hash ^ key.charAt(i)) * 0x100000001B3L;
    hash ^= hash >>> 31;
    int slot = (int) (hash & (RECENT_KEYS - 1));
    if (recentKeys.getPlain(slot) == hash) return true;
    recentKeys.setPlain(slot, hash);
    return false;
  }

  private static String localKey(String namespace, String generation, String key) {
    return "hp:" + namespace + ":" + generation + ":" + key;
  }

  /**
   * Counts a read by outcome: {@code hit} (memory or Redis), {@code miss} (loaded and stored) or
   * {@code fallback} (Redis could not answer, so the read went to the database uncached).
   */
  private void count(String namespace, String outcome) {
    metrics.count("hp.cache.requests", "namespace", namespace, "outcome", outcome).increment();
  }

  /**
   * Makes every cached value of {@code namespace} unreachable. Completes (never fails) once Redis
   * has a new generation, or once this instance has stopped caching the namespace.
   */
  public Future<Void> invalidate(String namespace) {
    localGeneration(namespace).incrementAndGet();
    return position().compose(position -> generations.renew(namespace, position)).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("Could not invalidate cache namespace {} ({}); not caching it until Redis answers", namespace, ar.cause().getMessage());
        if (pendingInvalidations.add(namespace)) vertx.setTimer(RETRY_MS, id -> retryInvalidation(namespace));
      }
      return Future.succeededFuture();
    });
  }

  /** The write position to label a new generation with; null (the primary serves its readers) when it cannot be read. */
  private Future<String> position() {
    if (writePosition == null) return Future.succeededFuture(null);
    return writePosition.get().otherwise(e -> {
      LOG.warn("Could not read the database's write position ({}); replicas will not serve until the next write", e.getMessage());
      return null;
    });
  }

  private void retryInvalidation(String namespace) {
    position().compose(position -> generations.renew(namespace, position)).onComplete(ar -> {
      if (ar.succeeded()) {
        pendingInvalidations.remove(namespace);
        LOG.info("Cache namespace {} invalidated after Redis came back", namespace);
      } else {
        vertx.setTimer(RETRY_MS, id -> retryInvalidation(namespace));
      }
    });
  }

  /** Shares one load per in-flight key; stores the result under {@code redisKey} (and in memory) when given. */
  private Future<CachedValue> loadOnce(String namespace, String flightKey, String redisKey, Duration ttl, Supplier<Future<String>> loader) {
    Promise<CachedValue> mine = Promise.promise();
    Future<CachedValue> shared = inFlight.putIfAbsent(flightKey, mine.future());
    if (shared == null) {
      shared = mine.future();
      // A flight that ended just before ours began left its value in memory (it is remembered before
      // the flight ends): use it rather than loading again.
      Local done = redisKey == null ? null : local.getIfPresent(redisKey);
      if (done != null) {
        inFlight.remove(flightKey, mine.future());
        mine.complete(done.value());
        return Future.fromCompletionStage(shared.toCompletionStage(), vertx.getOrCreateContext());
      }
      metrics.count("hp.cache.loads", "namespace", namespace).increment();
      loader.get().map(CachedValue::of).onComplete(ar -> {
        // Leave the flight only once the value is stored, so a request arriving in between finds it
        // instead of starting a second load.
        Future<Void> stored = Future.succeededFuture();
        if (ar.succeeded() && redisKey != null) {
          remember(redisKey, ar.result(), ttl);
          stored = redis.set(redisKey, ar.result().json(), ttl).recover(e -> {
            LOG.debug("Cache write failed for {}: {}", redisKey, e.getMessage());
            return Future.succeededFuture();
          });
        }
        stored.onComplete(v -> {
          inFlight.remove(flightKey, mine.future());
          mine.handle(ar);
        });
      });
    }
    // Waiters may sit on other event loops: hand the result back on the caller's own context.
    return Future.fromCompletionStage(shared.toCompletionStage(), vertx.getOrCreateContext());
  }

  private CachedValue remember(String redisKey, CachedValue value, Duration ttl) {
    local.put(redisKey, new Local(value, System.nanoTime() + ttl.toNanos()));
    return value;
  }

  private AtomicLong localGeneration(String namespace) {
    return localGenerations.computeIfAbsent(namespace, n -> new AtomicLong());
  }
}
