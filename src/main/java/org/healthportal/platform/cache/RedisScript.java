package org.healthportal.platform.cache;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script sent by its SHA-1; the text itself only when Redis does not know it yet.
 *
 * <p><b>Cluster-safe.</b> A script names every key it touches in {@code KEYS} (never one built
 * inside the script), and all of them hash to one slot: a Redis Cluster routes the script by its
 * keys and refuses keys of several slots. Keys used together share a hash tag ({@code hp:{ns}:a},
 * {@code hp:{ns}:b}). Keys of several slots are refused here, before anything is sent, so a
 * mistake shows on one server in development too rather than only on a cluster.
 */
public final class RedisScript {

  private final String text;
  private final String sha;

  public RedisScript(String text) {
    this.text = text;
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public <T> Future<T> run(RedisCache redis, ScriptOutputType type, String[] keys, String... args) {
    for (String key : keys) {
      if (SlotHash.getSlot(key) != SlotHash.getSlot(keys[0])) {
        return Future.failedFuture(new IllegalArgumentException(
            "A script's keys must share a hash slot (give them one {hash tag}): " + String.join(", ", keys)));
      }
    }
    return redis.<T>run(c -> c.evalsha(sha, type, keys, args))
        .recover(e -> e instanceof RedisNoScriptException
            ? redis.<T>run(c -> c.eval(text, type, keys, args))
            : Future.failedFuture(e));
  }
}
