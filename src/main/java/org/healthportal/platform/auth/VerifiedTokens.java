package org.healthportal.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;

/**
 * Access tokens that passed every check, until their {@code exp}, so that a client's next request
 * with the same token skips the RSA signature check (a mobile app sends one token for minutes).
 *
 * <p>Only a verified token is ever put here, keyed by the SHA-256 of all its bytes: a forged or
 * tampered token differs in some byte, so it misses and goes through the full check. The token
 * itself is never a key (keys can end up in heap dumps and debug logs next to other keys). Each hit
 * gets a fresh {@link User} built from copies, since handlers may add to a user's attributes.
 */
final class VerifiedTokens {

  /** A few thousand concurrent clients per instance; each entry holds the claims, a few KB. */
  static final int MAX_TOKENS = 4_096;

  private record Verified(JsonObject principal, JsonObject attributes, long expiresAtMillis) {}

  private final Cache<ByteBuffer, Verified> verified = Caffeine.newBuilder()
      .maximumSize(MAX_TOKENS)
      .expireAfter(Expiry.creating((ByteBuffer key, Verified v) ->
          java.time.Duration.ofMillis(Math.max(0, v.expiresAtMillis() - System.currentTimeMillis()))))
      .build();

  /** The user of a token verified before and not yet expired, or null. */
  User get(String token) {
    Verified hit = verified.getIfPresent(key(token));
    if (hit == null || hit.expiresAtMillis() <= System.currentTimeMillis()) return null;
    return User.create(hit.principal().copy(), hit.attributes().copy());
  }

  /** Remembers a token that passed every check, until its {@code exp} (no clock-skew leeway); one without {@code exp} is not kept. */
  void put(String token, User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    Long exp = claims == null ? null : claims.getLong("exp");
    if (exp == null) return;
    verified.put(key(token), new Verified(user.principal().copy(), user.attributes().copy(), TimeUnit.SECONDS.toMillis(exp)));
  }

  /** Forgets every token: the keys they were checked against changed. */
  void clear() {
    verified.invalidateAll();
  }

  private static ByteBuffer key(String token) {
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
