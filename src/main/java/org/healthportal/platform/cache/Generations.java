package org.healthportal.platform.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.UUID;
import org.healthportal.platform.db.WalPosition;

/**
 * The current generation of each cache namespace, kept in Redis.
 *
 * <p>A generation is a random token, replaced on every invalidation and created afresh when Redis has
 * none (after a restart), so a token is never reused and a value cached under an old one can never be
 * taken for current.
 *
 * <p>Reads are coalesced per event loop: requests that arrive in the same turn of the loop share one
 * GET, sent after all of them arrived. The answer therefore reflects every invalidation that completed
 * before any of those requests was received, which is what exact invalidation needs.
 */
final class Generations {

  private static final String READ_OR_CREATE = """
      local g = redis.call('GET', KEYS[1])
      if not g then
        redis.call('SET', KEYS[1], ARGV[1], 'NX')
        g = redis.call('GET', KEYS[1])
      end
      return g
      """;

  private final Vertx vertx;
  private final RedisCache redis;
  private final RedisScript script;

  Generations(Vertx vertx, RedisCache redis) {
    this.vertx = vertx;
    this.redis = redis;
    this.script = new RedisScript(READ_OR_CREATE);
  }

  /** The namespace's current generation. */
  Future<String> current(String namespace) {
    Context context = vertx.getOrCreateContext();
    String batchKey = "hp.cache.generation." + namespace;
    Promise<String> batch = context.get(batchKey);
    if (batch == null) {
      Promise<String> fresh = Promise.promise();
      context.put(batchKey, fresh);
      context.runOnContext(v -> {
        context.remove(batchKey);
        // A plain GET almost always finds the generation; a script (slower in Redis) only creates a missing one.
        redis.get(key(namespace))
            .compose(g -> g != null ? Future.succeededFuture(g)
                : script.<String>run(redis, io.lettuce.core.ScriptOutputType.VALUE, new String[] {key(namespace)}, UUID.randomUUID().toString()))
            .onComplete(fresh);
      });
      batch = fresh;
    }
    return batch.future();
  }

  /**
   * Replaces the namespace's generation: every value cached under the old one becomes unreachable.
   * {@code position} (may be null) is the database's write position, which the new generation carries.
   */
  Future<Void> renew(String namespace, String position) {
    // Replicated before the write answers: a failover must not bring back the old generation.
    return redis.setReplicated(key(namespace), WalPosition.label(UUID.randomUUID().toString(), position));
  }

  private static String key(String namespace) {
    return "hp:gen:" + namespace;
  }
}
