package org.healthportal.platform.versioning;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ETags of a versioned listing: {@code "v<version>"}, optionally with a variant suffix for parts of
 * the representation that change without a new version (bed figures growing stale, the nearest
 * care around a site). {@code If-Match} compares the version only, so a client can edit from any
 * variant of the version it read.
 */
public final class VersionTags {

  private static final Pattern VERSION = Pattern.compile("^(?:W/)?\"v(\\d{1,9})(?:-[A-Za-z0-9]{1,32})?\"$");

  private VersionTags() {}

  public static String of(int version) {
    return of(version, null);
  }

  /** @param variant letters and digits only, or null */
  public static String of(int version, String variant) {
    return "\"v" + version + (variant == null ? "" : "-" + variant) + "\"";
  }

  /** Whether an If-Match value names this version ({@code *} matches anything that exists). */
  public static boolean matches(String ifMatch, int version) {
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) return true;
      Matcher m = VERSION.matcher(t);
      if (m.matches() && Integer.parseInt(m.group(1)) == version) return true;
    }
    return false;
  }
}
