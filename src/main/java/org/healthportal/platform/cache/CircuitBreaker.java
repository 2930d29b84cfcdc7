package org.healthportal.platform.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Skips Redis while it is failing. After {@code threshold} consecutive failures (time-outs, lost
 * connections) the breaker opens: every call fails at once, so a frozen Redis costs requests
 * nothing instead of a time-out each. While open, one background probe at a time checks Redis; its
 * success closes the breaker. Callers treat a refused call as a cache miss, as they treat any
 * failure.
 */
final class CircuitBreaker {

  private final int threshold;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicBoolean open = new AtomicBoolean();

  CircuitBreaker(int threshold) {
    this.threshold = threshold;
  }

  boolean isOpen() {
    return open.get();
  }

  void succeeded() {
    consecutiveFailures.set(0);
  }

  /** Counts a failure; true exactly when this failure opened the breaker (the caller starts probing). */
  boolean failed() {
    return consecutiveFailures.incrementAndGet() >= threshold && open.compareAndSet(false, true);
  }

  /** The probe got an answer: calls go to Redis again. */
  void close() {
    consecutiveFailures.set(0);
    open.set(false);
  }
}
