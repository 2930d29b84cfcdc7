package org.healthportal.facilities;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ETags of a facility: its version, plus a marker when some bed figures are stale (the
 * representation changes as figures age even though the version does not). {@code If-Match}
 * compares the version only.
 */
final class FacilityETag {

  private static final Pattern VERSION = Pattern.compile("^(?:W/)?\"v(\\d{1,9})(?:-stale)?\"$");

  private FacilityETag() {}

  static String of(int version, boolean anyStale) {
    return "\"v" + version + (anyStale ? "-stale" : "") + "\"";
  }

  /** Whether an If-Match value names this version ({@code *} matches any existing facility). */
  static boolean matches(String ifMatch, int version) {
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) return true;
      Matcher m = VERSION.matcher(t);
      if (m.matches() && Integer.parseInt(m.group(1)) == version) return true;
    }
    return false;
  }
}
