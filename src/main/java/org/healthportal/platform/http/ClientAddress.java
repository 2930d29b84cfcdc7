package org.healthportal.platform.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.healthportal.platform.config.TrustedProxies;

/**
 * Who the client is, for rate limits and the access log. The direct peer is the client unless it
 * is one of the configured trusted proxies; then the proxies' own header ({@code Forwarded},
 * RFC 7239, or else {@code X-Forwarded-For}) is read from the right, skipping trusted hops, and
 * the first untrusted address is the client. Anything to the left of it was written by the client
 * and is ignored, so a client cannot choose its own rate-limit bucket.
 */
public final class ClientAddress {

  private static final String KEY = "clientAddress";

  private ClientAddress() {}

  /** The client address assigned to this request by {@link #assign}. */
  public static String of(RoutingContext ctx) {
    String address = ctx.get(KEY);
    return address != null ? address : ctx.request().remoteAddress().hostAddress();
  }

  static String assign(RoutingContext ctx, TrustedProxies trusted) {
    String address = resolve(ctx.request(), trusted);
    ctx.put(KEY, address);
    return address;
  }

  static String resolve(HttpServerRequest request, TrustedProxies trusted) {
    String peer = request.remoteAddress().hostAddress();
    if (!trusted.contains(peer)) return peer;
    List<String> hops = forwardedHops(request);
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (trusted.contains(hop)) continue;
      // An obfuscated or malformed hop: the chain cannot be followed past it, so the last proxy we
      // trust is the best we know.
      return isLiteral(hop) ? hop : peer;
    }
    return hops.isEmpty() ? peer : hops.get(0);
  }

  /** The hops the proxies recorded, client first: {@code for=} of every {@code Forwarded} element, or {@code X-Forwarded-For}. */
  static List<String> forwardedHops(HttpServerRequest request) {
    List<String> hops = new ArrayList<>();
    List<String> forwarded = request.headers().getAll("Forwarded");
    if (!forwarded.isEmpty()) {
      for (String header : forwarded) {
        for (String element : header.split(",")) {
          for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
              hops.add(node(pair.substring(eq + 1).trim()));
            }
          }
        }
      }
      return hops;
    }
    for (String header : request.headers().getAll("X-Forwarded-For")) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) hops.add(node(hop.trim()));
      }
    }
    return hops;
  }

  /** The address of a node: without quotes, brackets and port ({@code "[2001:db8::1]:4711"}, {@code 192.0.2.1:80}). */
  private static String node(String value) {
    String v = value.startsWith("\"") && value.endsWith("\"") && value.length() > 1 ? value.substring(1, value.length() - 1) : value;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      return close > 0 ? v.substring(1, close) : v;
    }
    int colon = v.indexOf(':');
    // One colon is IPv4 with a port; several are a bare IPv6 address.
    return colon > 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
  }

  private static boolean isLiteral(String hop) {
    return TrustedProxies.isLiteralAddress(hop);
  }
}
