package org.healthportal.sdk.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook delivery comes from the Health Portal, as the
 * <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> specification says: the
 * {@code webhook-signature} header holds one or more space-separated {@code v1,<base64>} signatures,
 * each an HMAC-SHA256, keyed with the subscription's secret ({@code whsec_} and the key in base64),
 * of {@code <webhook-id>.<webhook-timestamp>.<raw body>}. A delivery passes when one of them matches
 * (compared in constant time) and its timestamp is within the tolerance of the receiver's clock, so
 * a captured delivery cannot be replayed later. Use the body exactly as received, before any JSON
 * parsing; deduplicate on {@code webhook-id}, since a delivery can arrive more than once.
 *
 * <pre>{@code
 * WebhookVerifier verifier = new WebhookVerifier(System.getenv("PORTAL_WEBHOOK_SECRET"));
 * verifier.verify(request.headers().map(), bodyBytes); // throws WebhookVerificationException
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class WebhookVerifier {

  /** How far a delivery's timestamp may be from the receiver's clock, either way, by default. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String SECRET_PREFIX = "whsec_";
  private static final String VERSION = "v1,";
  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec key;
  private final Duration tolerance;
  private final Clock clock;

  /** A verifier for the secret returned when the subscription was created ({@code whsec_...}). */
  public WebhookVerifier(String secret) {
    this(secret, DEFAULT_TOLERANCE, Clock.systemUTC());
  }

  /** A verifier with another tolerance, or another clock (for tests). */
  public WebhookVerifier(String secret, Duration tolerance, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The secret is not whsec_ followed by base64", e);
    }
    if (bytes.length == 0) throw new IllegalArgumentException("The secret is empty");
    if (tolerance.isNegative()) throw new IllegalArgumentException("A negative tolerance");
    this.key = new SecretKeySpec(bytes, HMAC);
    this.tolerance = tolerance;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies a delivery from its headers (names in any case, as {@code java.net.http} or a servlet
   * container gives them) and its raw body.
   */
  public void verify(Map<String, List<String>> headers, byte[] body) throws WebhookVerificationException {
    verify(header(headers, "webhook-id"), header(headers, "webhook-timestamp"), header(headers, "webhook-signature"), body);
  }

  /** Verifies a delivery whose body was read as UTF-8 text (the portal sends UTF-8 JSON). */
  public void verify(String id, String timestamp, String signatures, String body) throws WebhookVerificationException {
    verify(id, timestamp, signatures, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Verifies a delivery from the values of its {@code webhook-id}, {@code webhook-timestamp} and
   * {@code webhook-signature} headers and its raw body.
   *
   * @throws WebhookVerificationException when a header is missing, the timestamp is outside the
   *     tolerance, or no {@code v1} signature matches
   */
  public void verify(String id, String timestamp, String signatures, byte[] body) throws WebhookVerificationException {
    if (id == null || id.isEmpty()) throw new WebhookVerificationException("Missing webhook-id header");
    if (timestamp == null || timestamp.isEmpty()) throw new WebhookVerificationException("Missing webhook-timestamp header");
    if (signatures == null || signatures.isEmpty()) throw new WebhookVerificationException("Missing webhook-signature header");
    if (body == null) throw new WebhookVerificationException("Missing body");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException("webhook-timestamp is not a number of seconds");
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > tolerance.toSeconds()) {
      throw new WebhookVerificationException(seconds < now ? "Message timestamp too old" : "Message timestamp too new");
    }
    byte[] expected = hmac(id, seconds, body);
    for (String candidate : signatures.trim().split(" +")) {
      if (!candidate.startsWith(VERSION)) continue; // other schemes (e.g. v1a, asymmetric) are not ours
      byte[] given;
      try {
        given = Base64.getDecoder().decode(candidate.substring(VERSION.length()));
      } catch (IllegalArgumentException notBase64) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) return;
    }
    throw new WebhookVerificationException("No matching signature found");
  }

  /** The {@code v1,<base64>} signature of a delivery, as the portal computes it (for tests and tools). */
  public String sign(String id, long timestamp, byte[] body) {
    return VERSION + Base64.getEncoder().encodeToString(hmac(id, timestamp, body));
  }

  private byte[] hmac(String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
        return String.join(" ", e.getValue());
      }
    }
    return null;
  }
}
