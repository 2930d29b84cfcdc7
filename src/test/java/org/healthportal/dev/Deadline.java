package org.healthportal.dev;

import java.time.Duration;

/** A time limit for a polling loop: {@link #pause} waits a moment, or fails once the time is up. */
final class Deadline {

  private static final long POLL_MILLIS = 20;

  private final Duration limit;
  private final long endNanos;

  Deadline(Duration limit) {
    this.limit = limit;
    this.endNanos = System.nanoTime() + limit.toNanos();
  }

  /** Waits before the next try; throws {@code "<notReached> within <limit>"} when the time is up. */
  void pause(String notReached) {
    if (System.nanoTime() - endNanos > 0) throw new IllegalStateException(notReached + " within " + limit.toMillis() + " ms");
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting: " + notReached, e);
    }
  }
}
