package org.healthportal.platform.cache;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache-aside reads of serialized responses: Redis first, then the loader (PostgreSQL).
 *
 * <p>Concurrent misses of one key on this instance share a single load, so a hot entry that expires
 * under load costs one database query. A Redis failure is a miss, never an error.
 */
public final class CachedReads {

  private static final Logger LOG = LoggerFactory.getLogger(CachedReads.class);

  private final Vertx vertx;
  private final RedisCache redis;
  private final Map<String, Future<String>> inFlight = new ConcurrentHashMap<>();

  public CachedReads(Vertx vertx, RedisCache redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** The cached value of {@code key}, or the loader's result (then cached for {@code ttl}). */
  public Future<String> getOrLoad(String key, Duration ttl, Supplier<Future<String>> loader) {
    return redis.get(key)
        .recover(err -> {
          LOG.debug("Cache read failed for {}: {}", key, err.getMessage());
          return Future.succeededFuture(null);
        })
        .compose(hit -> hit != null ? Future.succeededFuture(hit) : loadOnce(key, ttl, loader));
  }

  private Future<String> loadOnce(String key, Duration ttl, Supplier<Future<String>> loader) {
    Promise<String> mine = Promise.promise();
    Future<String> shared = inFlight.putIfAbsent(key, mine.future());
    if (shared == null) {
      shared = mine.future();
      loader.get().onComplete(ar -> {
        inFlight.remove(key, mine.future());
        if (ar.succeeded() && ar.result() != null) {
          redis.set(key, ar.result(), ttl).onFailure(e -> LOG.debug("Cache write failed for {}: {}", key, e.getMessage()));
        }
        mine.handle(ar);
      });
    }
    // Waiters may sit on other event loops: hand the result back on the caller's own context.
    return Future.fromCompletionStage(shared.toCompletionStage(), vertx.getOrCreateContext());
  }

  public Future<Long> evict(String... keys) {
    return redis.delete(keys);
  }
}
