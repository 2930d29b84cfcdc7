package org.healthportal.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by checking it often, instead of sleeping a guessed time. */
public final class Poll {

  private static final long INTERVAL_MS = 50;

  private Poll() {}

  /** Returns how long {@code condition} took to hold; fails naming {@code what} once {@code limit} has passed. */
  public static Duration until(String what, Duration limit, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("Not within " + limit.toMillis() + " ms: " + what);
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for: " + what, e);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
