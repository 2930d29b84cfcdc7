package org.healthportal.platform.search;

/**
 * What every searchable feature's search parameters share: a fingerprint of what selects and orders
 * the results, a page size and the cursor of the page. From them, the cache key of a page and the
 * decoded cursor, alike for every feature.
 */
public interface KeysetSearch {

  /** A digest of everything that selects and orders results, but not the page position or size. */
  String fingerprint();

  int limit();

  /** The cursor as the client sent it, or null for the first page. */
  String cursor();

  /** The point searched around, or null. */
  NearQuery near();

  SortOrder sort();

  /** The type of the sort's keyset value. */
  default PageCursor.ValueType sortValueType() {
    return sort().valueType();
  }

  /** The cache key of this page. */
  default String cacheKey() {
    return "search:" + fingerprint() + ":" + limit() + ":" + (cursor() == null ? "" : cursor());
  }

  default PageCursor decodedCursor() {
    // A first page needs no fingerprint (a digest of the filters).
    return cursor() == null ? null : PageCursor.decode(cursor(), fingerprint(), sortValueType());
  }

  /** {@code near} as it stands in canonical filters: "" when absent. */
  static String canonical(NearQuery near) {
    return near == null ? "" : near.lat() + "," + near.lng() + "," + near.radiusMeters();
  }

  /** {@code q} as it stands in canonical filters: "" when absent. */
  static String canonical(TextQuery q) {
    return q == null ? "" : q.text();
  }
}
