package org.healthportal.regions.published;

import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.Objects;

/**
 * A region with the regions it lies in, up to two levels up: {@link RegionCodes#within} in memory,
 * for the search index. Codes are interned: thousands of listings share a few hundred regions.
 */
public record RegionAncestry(String[] codes) {

  /** Joins adding the parent and grandparent of the region in {@code regionColumn} (aliases {@code ra}, {@code rb}). */
  public static String joins(String regionColumn) {
    return " JOIN region ra ON ra.code = " + regionColumn + " LEFT JOIN region rb ON rb.code = ra.parent_code";
  }

  /** The columns {@link #of} reads besides the region itself. */
  public static final String COLUMNS = "ra.parent_code AS region_parent, rb.parent_code AS region_grandparent";

  public static RegionAncestry of(Row row, String regionColumn) {
    return new RegionAncestry(Arrays.stream(new String[] {row.getString(regionColumn), row.getString("region_parent"),
        row.getString("region_grandparent")}).filter(Objects::nonNull).map(String::intern).toArray(String[]::new));
  }

  /** Whether the region is {@code code} or lies inside it. */
  public boolean within(String code) {
    for (String c : codes) {
      if (c.equals(code)) return true;
    }
    return false;
  }
}
