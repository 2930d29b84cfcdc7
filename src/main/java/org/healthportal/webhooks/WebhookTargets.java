package org.healthportal.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Text;

/**
 * Where we may send a partner's webhooks. A subscription must not turn the server into a proxy for
 * reaching its own network (SSRF): the scheme must be https, and every address the host resolves to
 * must be public. Checked when subscribing and again before each delivery, since DNS can change.
 */
final class WebhookTargets {

  private final Vertx vertx;
  private final boolean allowPrivate;
  private final boolean allowHttp;

  WebhookTargets(Vertx vertx, boolean allowPrivate, boolean allowHttp) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
    this.allowHttp = allowHttp;
  }

  /** Why a URL may not be called; its message is the reason in English (deliveries record it). */
  static final class Refused extends IllegalArgumentException {
    private final Text reason;

    Refused(Text reason) {
      super(reason.in(Lang.EN));
      this.reason = reason;
    }
  }

  /** The reason of a failed {@link #check}, in words for the client. */
  static Text reason(Throwable failure) {
    return failure instanceof Refused r ? r.reason : Text.literal(String.valueOf(failure.getMessage()));
  }

  /** Fails with the reason the URL is refused ({@link Refused}); succeeds when it may be called. */
  Future<Void> check(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return Future.failedFuture(new Refused(Text.of("webhooks.url-invalid")));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      return Future.failedFuture(new Refused(Text.of("webhooks.url-https")));
    }
    if (uri.getHost() == null || uri.getUserInfo() != null) {
      return Future.failedFuture(new Refused(Text.of("webhooks.url-host")));
    }
    if (allowPrivate) return Future.succeededFuture();
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    // Name resolution blocks: keep it off the event loop.
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw new Refused(Text.of("webhooks.url-unresolved", host));
      }
      for (InetAddress a : addresses) {
        if (isInternal(a)) throw new Refused(Text.of("webhooks.url-internal", host, a.getHostAddress()));
      }
      return null;
    }, false);
  }

  static boolean isInternal(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 // "this network"
        || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
        || (first == 198 && (second == 18 || second == 19)) // benchmarking
        || first >= 240; // reserved and broadcast
  }
}
