package org.healthportal.platform.search.index;

/**
 * A great-circle distance known by its chord. The arc costs an {@code asin}, so it is computed only
 * when needed: for an answer, or to decide a comparison its chord leaves open. Ordering by chord is
 * ordering by arc, which grows with the chord.
 */
public final class ArcDistance implements Comparable<ArcDistance> {

  /** Chords this close (relatively) to a limit are decided by the exact arc. */
  private static final double BAND = 1e-9;

  private final double chordSquared;
  private double meters = -1;

  ArcDistance(double chordSquared) {
    this.chordSquared = chordSquared;
  }

  /** The distance in metres, as {@code earth_distance} computes it. */
  public double meters() {
    if (meters < 0) meters = SpherePoint.arcOfChord(Math.sqrt(chordSquared));
    return meters;
  }

  @Override
  public int compareTo(ArcDistance other) {
    return Double.compare(chordSquared, other.chordSquared);
  }

  /** Compares with a distance in metres (a cursor's), exactly. */
  int compareToMeters(double limit) {
    double limitChordSquared = chordSquaredOf(limit);
    if (chordSquared < limitChordSquared * (1 - BAND)) return -1;
    if (chordSquared > limitChordSquared * (1 + BAND)) return 1;
    return Double.compare(meters(), limit);
  }

  private static double chordSquaredOf(double meters) {
    double chord = 2 * SpherePoint.R * Math.sin(Math.min(meters, Math.PI * SpherePoint.R) / (2 * SpherePoint.R));
    return chord * chord;
  }

  @Override
  public String toString() {
    return meters() + " m";
  }
}
