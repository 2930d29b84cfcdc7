package org.healthportal.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Random text and the percent-encoding of request-targets. */
final class Strings {

  private Strings() {}

  private static final String ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?# \"<>[]{}|\\^`%";
  private static final String WORDS = "abcdefghijklmnopqrstuvwxyz0123456789 -_.";
  /** Chinese, accented Latin, and a character outside the BMP (two UTF-16 units, one code point). */
  private static final int[] WIDE = {'养', '老', '院', '济', '南', '康', '复', '中', '心', 'é', 'ß', 'Ж', 0x1F3E5, 'ａ', '　'};

  /** Printable ASCII (no control characters), as allowed in a header value. */
  static String ascii(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) b.append(ASCII.charAt(random.nextInt(ASCII.length())));
    return b.toString();
  }

  /** Text of {@code codePoints} code points (JSON Schema lengths count code points). */
  static String text(Random random, int codePoints, boolean asciiOnly) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      int roll = random.nextInt(10);
      if (asciiOnly || roll < 6) b.append(WORDS.charAt(random.nextInt(WORDS.length())));
      else if (roll < 8) b.append(ASCII.charAt(random.nextInt(ASCII.length())));
      else b.appendCodePoint(WIDE[random.nextInt(WIDE.length)]);
    }
    return b.toString();
  }

  static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters (UTF-8). */
  static String encode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  /** The start of {@code s} for a report, marking how much was cut. */
  static String abbreviate(String s, int max) {
    if (s == null) return "";
    return s.length() <= max ? s : s.substring(0, max) + "… (" + s.length() + " chars in all)";
  }

  /** Control characters made visible, so a report shows exactly what was sent. */
  static String visible(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) b.append(String.format("\\u%04x", c));
      else b.appendCodePoint(c);
    });
    return b.toString();
  }
}
