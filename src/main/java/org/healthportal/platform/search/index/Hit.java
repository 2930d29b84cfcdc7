package org.healthportal.platform.search.index;

/**
 * A listing found by a search, with its distance from the search's position (null without one).
 */
public record Hit<E>(E listing, ArcDistance distance) {

  /** A listing found without a position. */
  public static <E> Hit<E> of(E listing) {
    return new Hit<>(listing, null);
  }
}
