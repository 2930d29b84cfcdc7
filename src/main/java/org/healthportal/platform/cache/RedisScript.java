package org.healthportal.platform.cache;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script sent by its SHA-1; the text itself only when Redis does not know it yet. */
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
    return redis.<T>run(c -> c.evalsha(sha, type, keys, args))
        .recover(e -> e instanceof RedisNoScriptException
            ? redis.<T>run(c -> c.eval(text, type, keys, args))
            : Future.failedFuture(e));
  }
}
