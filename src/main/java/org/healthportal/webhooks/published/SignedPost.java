package org.healthportal.webhooks.published;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One signed delivery attempt in the Standard Webhooks style, and what its failures mean for the
 * next one. Partners' webhooks and the notifications' push gateway send the same way, so a receiver
 * written for one checks the other.
 */
public final class SignedPost {

  /** The longest wait between two attempts, however many failed. */
  private static final long MAX_BACKOFF_MS = Duration.ofHours(1).toMillis();

  private SignedPost() {}

  /**
   * POSTs a JSON body with {@code webhook-id} (the receiver's de-duplication key, the same on every
   * attempt), {@code webhook-timestamp} and {@code webhook-signature}, plus {@code headers}. With
   * {@code server}, the connection goes to that address (the one a target check approved) while the
   * URL's host still names the site (Host header, TLS server name and certificate check).
   */
  public static Future<HttpResponse<Buffer>> send(WebClient client, String url, SocketAddress server, Duration timeout, String secret,
      String messageId, String body, Map<String, String> headers) {
    long timestamp = System.currentTimeMillis() / 1000;
    RequestOptions options = new RequestOptions().setAbsoluteURI(url);
    if (server != null) options.setServer(server);
    var request = client.request(HttpMethod.POST, options)
        .timeout(timeout.toMillis())
        .putHeader("content-type", "application/json")
        .putHeader("webhook-id", messageId)
        .putHeader("webhook-timestamp", String.valueOf(timestamp))
        .putHeader("webhook-signature", WebhookSignature.sign(secret, messageId, timestamp, body));
    headers.forEach(request::putHeader);
    return request.sendBuffer(Buffer.buffer(body));
  }

  /** The wait before the next attempt after {@code attempts} failed ones: the base, doubling each time, at most an hour. */
  public static long backoffMs(Duration base, int attempts) {
    return Math.min(MAX_BACKOFF_MS, base.toMillis() << Math.min(30, Math.max(0, attempts - 1)));
  }

  /** A failed attempt in words, for the record of the delivery (never the body, which may be personal). */
  public static String describe(Throwable e) {
    if (e instanceof IllegalArgumentException) return "refused target: " + e.getMessage();
    if (e instanceof TimeoutException || String.valueOf(e.getMessage()).contains("timeout")) {
      return "no answer within the time limit";
    }
    return "connection failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
