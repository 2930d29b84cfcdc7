package org.healthportal.platform.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The address ranges (CIDR blocks, IPv4 or IPv6) of the proxies in front of the service, such as a
 * Kubernetes ingress. Only a peer in these ranges may tell us who the client is.
 */
public final class TrustedProxies {

  private record Block(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) return false;
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) if (address[i] != network[i]) return false;
      int rest = prefix % 8;
      if (rest == 0) return true;
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Block> blocks;
  private final List<String> text;

  private TrustedProxies(List<Block> blocks, List<String> text) {
    this.blocks = blocks;
    this.text = text;
  }

  /**
   * Parses {@code 10.0.0.0/8}-style blocks; a bare address is a block of one. Only literal addresses
   * are accepted (no host names, so nothing is looked up in DNS).
   *
   * @throws IllegalArgumentException naming the entry that is not a CIDR block
   */
  public static TrustedProxies parse(List<String> cidrs) {
    List<Block> blocks = cidrs.stream().map(TrustedProxies::block).toList();
    return new TrustedProxies(blocks, List.copyOf(cidrs));
  }

  /** Whether {@code address} (a literal IP, as a socket reports it) is one of the trusted proxies. */
  public boolean contains(String address) {
    if (blocks.isEmpty() || address == null) return false;
    byte[] bytes = literal(address);
    if (bytes == null) return false;
    for (Block b : blocks) if (b.contains(bytes)) return true;
    return false;
  }

  @Override
  public String toString() {
    return String.join(",", text);
  }

  private static Block block(String cidr) {
    String s = cidr.trim();
    int slash = s.indexOf('/');
    byte[] network = literal(slash < 0 ? s : s.substring(0, slash));
    if (network == null) throw new IllegalArgumentException("'" + s + "' is not an IP address or CIDR block");
    int prefix = network.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' has no whole-number prefix length");
      }
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("'" + s + "' has a prefix length outside 0-" + network.length * 8);
      }
    }
    return new Block(network, prefix);
  }

  /** Whether {@code text} is a literal IPv4 or IPv6 address (not a name, not {@code unknown}). */
  public static boolean isLiteralAddress(String text) {
    return text != null && literal(text) != null;
  }

  /** The bytes of a literal IPv4/IPv6 address, or null; an IPv4-mapped IPv6 address becomes IPv4. */
  static byte[] literal(String text) {
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
    boolean ipv4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = !ipv4 && s.contains(":") && s.matches("[0-9A-Fa-f:.%a-zA-Z]+");
    if (!ipv4 && !ipv6) return null;
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
