package org.healthportal.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Text;

/**
 * Where we may send a partner's webhooks. A subscription must not turn the server into a proxy for
 * reaching its own network (SSRF): the scheme must be https, and every address the host resolves to
 * must be public. Checked when subscribing and again before each delivery, since DNS can change.
 *
 * <p>A host written as an IPv4 address is accepted only in canonical dotted-decimal form (four
 * numbers 0–255 without leading zeros). Other spellings ({@code 0177.0.0.1}, {@code 0x7f.0.0.1},
 * {@code 127.1}, {@code 2130706433}, {@code 127.000.000.001}) are read differently by different
 * software: Java reads {@code 0177.0.0.1} as the public 177.0.0.1 where C's {@code inet_aton}, curl
 * or a proxy read the loopback 127.0.0.1. They are refused whatever they resolve to, even when
 * private targets are allowed.
 */
final class WebhookTargets {

  /** A label that URL parsers (WHATWG, {@code inet_aton}) read as a number: decimal, octal or hex. */
  private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern CANONICAL_IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

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

  /**
   * Fails with the reason the URL is refused ({@link Refused}); succeeds with the address a delivery
   * must connect to. A delivery connects to exactly the address checked here rather than resolving
   * the name again: between two resolutions a name can change from a public address to an internal
   * one (DNS rebinding). With private targets allowed the name is resolved all the same, so
   * deliveries take one path everywhere.
   */
  Future<SocketAddress> check(String url) {
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
    String literal = uri.getHost() != null ? uri.getHost() : authorityHost(uri.getRawAuthority());
    if (ambiguousIpv4(literal) != null) return Future.failedFuture(new Refused(Text.of("webhooks.url-ambiguous-ipv4", literal)));
    if (uri.getHost() == null || uri.getUserInfo() != null) {
      return Future.failedFuture(new Refused(Text.of("webhooks.url-host")));
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    // Name resolution blocks: keep it off the event loop.
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw new Refused(Text.of("webhooks.url-unresolved", host));
      }
      if (!allowPrivate) {
        for (InetAddress a : addresses) {
          if (isInternal(a)) throw new Refused(Text.of("webhooks.url-internal", host, a.getHostAddress()));
        }
      }
      return SocketAddress.inetSocketAddress(port, addresses[0].getHostAddress());
    }, false);
  }

  /**
   * Why {@code host} is refused as an IPv4 address not in canonical form, or null if it is a name,
   * an IPv6 literal (whose dotted IPv4 part, if any, is canonical) or a canonical IPv4 address. As in the WHATWG URL standard, a host whose last
   * label (a trailing dot aside) is a number is an IPv4 address, whatever its other labels are.
   */
  static String ambiguousIpv4(String host) {
    if (host == null || host.isEmpty()) return null;
    if (host.startsWith("[")) {
      // An IPv6 literal may end in dotted IPv4 ([::ffff:127.0.0.1]): the same rule holds for that part.
      String tail = host.substring(host.lastIndexOf(':') + 1).replaceFirst("[%\\]].*$", "");
      if (!tail.contains(".") || CANONICAL_IPV4.matcher(tail).matches()) return null;
      return Text.of("webhooks.url-ambiguous-ipv4", tail).in(Lang.EN);
    }
    String withoutDot = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (!NUMBER.matcher(withoutDot.substring(withoutDot.lastIndexOf('.') + 1)).matches()) return null;
    if (CANONICAL_IPV4.matcher(host).matches()) return null;
    return Text.of("webhooks.url-ambiguous-ipv4", host).in(Lang.EN);
  }

  /** The host part of an authority {@link URI} could not parse as a server ({@code 0x7f.0.0.1}, {@code 127.1}). */
  private static String authorityHost(String authority) {
    if (authority == null) return null;
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = host.lastIndexOf(':');
    return colon >= 0 && !host.startsWith("[") ? host.substring(0, colon) : host;
  }

  /**
   * Whether an address is this machine's, its networks' or otherwise not a public host's. IPv6
   * addresses that carry an IPv4 address a gateway or stack may deliver to (IPv4-compatible,
   * IPv4-translated, NAT64's well-known prefix, 6to4) are judged by that IPv4 address; Java turns
   * only IPv4-mapped ones ({@code ::ffff:a.b.c.d}) into IPv4 addresses by itself.
   */
  static boolean isInternal(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      Inet4Address embedded = embeddedIpv4(b);
      if (embedded != null) return isInternal(embedded);
      return (b[0] & 0xfe) == 0xfc // unique local fc00::/7
          || startsWith(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01) // local-use NAT64 64:ff9b:1::/48
          || startsWith(b, 0x20, 0x01, 0x00, 0x00) // Teredo 2001::/32: tunnels to an IPv4 address it hides
          || startsWith(b, 0x01, 0x00, 0, 0, 0, 0, 0, 0); // discard-only 100::/64
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 // "this network"
        || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
        || (first == 198 && (second == 18 || second == 19)) // benchmarking
        || first >= 240; // reserved and broadcast
  }

  /**
   * The IPv4 address inside an IPv6 one: {@code ::a.b.c.d} (IPv4-compatible, but not {@code ::} and
   * {@code ::1}), {@code ::ffff:a.b.c.d}, {@code ::ffff:0:a.b.c.d} (IPv4-translated),
   * {@code 64:ff9b::a.b.c.d} (NAT64) and {@code 2002:AABB:CCDD::/48} (6to4); null for any other.
   */
  private static Inet4Address embeddedIpv4(byte[] b) {
    int from;
    if (startsWith(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0)) {
      from = 12;
    } else if (startsWith(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff) || startsWith(b, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0)) {
      from = 12;
    } else if (startsWith(b, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
      from = 12;
    } else if (startsWith(b, 0x20, 0x02)) {
      from = 2;
    } else {
      return null;
    }
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always an address
    }
  }

  private static boolean startsWith(byte[] address, int... prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if ((address[i] & 0xff) != prefix[i]) return false;
    }
    return true;
  }
}
