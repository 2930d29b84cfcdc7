package org.healthportal.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition by checking it often, instead of sleeping a guessed time. The one way tests
 * wait: each fails naming what it waited for once its limit has passed.
 */
public final class Poll {

  private static final Duration INTERVAL = Duration.ofMillis(50);

  /** A condition whose check may fail with an exception; one that does ends the wait with it. */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  private Poll() {}

  /** Returns how long {@code condition} took to hold; fails naming {@code what} once {@code limit} has passed. */
  public static Duration until(String what, Duration limit, BooleanSupplier condition) {
    return until(() -> what, limit, INTERVAL, condition::getAsBoolean);
  }

  /**
   * The same, checking every {@code interval}; {@code what} is asked for only when the wait fails, so
   * it can describe the state then (a process's output, the last answer).
   */
  public static Duration until(Supplier<String> what, Duration limit, Duration interval, Check condition) {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    try {
      while (!condition.holds()) {
        if (System.nanoTime() > deadline) throw new AssertionError("Not within " + limit.toMillis() + " ms: " + what.get());
        Thread.sleep(interval.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for: " + what.get(), e);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("While waiting for: " + what.get(), e);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
