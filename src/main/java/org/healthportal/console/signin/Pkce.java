package org.healthportal.console.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values of a sign-in (RFC 7636 code verifier, state, nonce, cookie values) and the S256 challenge. */
public final class Pkce {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private Pkce() {}

  /** {@code bytes} random bytes, base64url without padding (32 bytes: 43 characters, 256 bits). */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return URL.encodeToString(b);
  }

  /** The S256 code challenge of {@code verifier}. */
  public static String challenge(String verifier) {
    return URL.encodeToString(sha256(verifier));
  }

  /** SHA-256 of a string's UTF-8 bytes: how session and sign-in rows are keyed (never by the cookie value itself). */
  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compares in time independent of where the strings differ (CSRF tokens, OAuth state). */
  public static boolean same(String a, String b) {
    if (a == null || b == null) return false;
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
