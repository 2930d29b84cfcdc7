package org.healthportal.webhooks.published;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background loop of a sender that claims due work from the database and sends it without
 * waiting: one round at a time per instance (a slow round is not overlapped by the next poll), and a
 * count of sends in flight, which bounds the slots a slow receiver can hold and lets a stop wait
 * for each send to be recorded rather than left to its lease.
 */
public final class DeliveryLoop {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

  private final Vertx vertx;
  private final String what;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private long timer = -1;

  /** {@code what} names the sends in logs ("webhook deliveries"). */
  public DeliveryLoop(Vertx vertx, String what) {
    this.vertx = vertx;
    this.what = what;
  }

  /** Runs {@code round} every {@code interval}, skipped while the previous one has not finished. */
  public void start(Duration interval, Supplier<Future<?>> round) {
    timer = vertx.setPeriodic(interval.toMillis(), id -> {
      if (!running.compareAndSet(false, true)) return;
      round.get().onFailure(e -> LOG.warn("A round of {} failed: {}", what, e.getMessage())).onComplete(ar -> running.set(false));
    });
  }

  /** How many of {@code limit} slots are free for new sends. */
  public int free(int limit) {
    return Math.max(0, limit - inFlight.get());
  }

  /** Counts a send (and the recording of its outcome) as in flight until {@code send} completes. */
  public void track(Supplier<Future<?>> send) {
    inFlight.incrementAndGet();
    Future<?> sent;
    try {
      sent = send.get();
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e); // still counted out, or the slot would be lost for good
    }
    sent.onFailure(e -> LOG.warn("Recording one of {} failed: {}", what, e.getMessage()))
        .onComplete(ar -> inFlight.decrementAndGet());
  }

  /** Stops polling and waits at most {@code wait} for the round and the sends in flight to finish. */
  public Future<Void> stop(Duration wait) {
    if (timer >= 0) vertx.cancelTimer(timer);
    Promise<Void> idle = Promise.promise();
    awaitIdle(idle, System.nanoTime() + wait.toNanos());
    return idle.future();
  }

  private void awaitIdle(Promise<Void> idle, long deadline) {
    if (inFlight.get() == 0 && !running.get() || System.nanoTime() > deadline) {
      if (inFlight.get() > 0) LOG.warn("{} {} still in flight at shutdown; their leases will expire", inFlight.get(), what);
      idle.complete();
      return;
    }
    vertx.setTimer(50, id -> awaitIdle(idle, deadline));
  }
}
