package org.healthportal.facilities;

/**
 * A facility's packed detail, held by its indexed listing: set once, after the listing is made
 * ({@link FacilityIndex#complete}), and read by detail requests, which take the cache's path while it
 * is not set yet.
 */
final class PackedDetail {

  private volatile byte[] packed;

  /** The packed detail, or null when it has not been added yet. */
  byte[] get() {
    return packed;
  }

  void set(byte[] packed) {
    this.packed = packed;
  }
}
