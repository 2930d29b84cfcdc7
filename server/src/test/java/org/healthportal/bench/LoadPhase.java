package org.healthportal.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * One measured load phase against a loopback server: either closed-loop (N requests always in
 * flight: the maximum rate) or open-loop at a fixed rate, where latency is measured from the
 * intended send time so a stalled server cannot hide its queueing (no coordinated omission).
 */
final class LoadPhase {

  record Result(String name, long requests, long errors, double seconds, Histogram latencyMicros, String gc) {
    double rps() {
      return requests / seconds;
    }

    String line() {
      return String.format("%-34s %8.0f req/s   p50 %6.2f ms   p90 %6.2f ms   p99 %6.2f ms   p99.9 %6.2f ms   errors %d   %s",
          name, rps(), ms(50), ms(90), ms(99), ms(99.9), errors, gc);
    }

    private double ms(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final int port;

  LoadPhase(Vertx vertx, HttpClient client, int port) {
    this.vertx = vertx;
    this.client = client;
    this.port = port;
  }

  /** Keeps {@code concurrency} requests in flight for {@code seconds}; returns the rate and latencies. */
  Result closedLoop(String name, int concurrency, double seconds, Supplier<String> paths) {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    GcWatch gc = new GcWatch();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    Promise<Void> finished = Promise.promise();
    AtomicLong active = new AtomicLong(concurrency);
    for (int i = 0; i < concurrency; i++) {
      vertx.runOnContext(v -> loop(paths, end, histogram, done, errors, active, finished));
    }
    finished.future().await();
    return new Result(name, done.get(), errors.get(), (System.nanoTime() - start) / 1e9, histogram, gc.since());
  }

  private void loop(Supplier<String> paths, long end, Histogram h, AtomicLong done, AtomicLong errors, AtomicLong active, Promise<Void> finished) {
    if (System.nanoTime() >= end) {
      if (active.decrementAndGet() == 0) finished.tryComplete();
      return;
    }
    long sent = System.nanoTime();
    send(paths.get()).onComplete(ar -> {
      synchronized (h) {
        h.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
      }
      done.incrementAndGet();
      if (ar.failed() || ar.result() != 200) errors.incrementAndGet();
      loop(paths, end, h, done, errors, active, finished);
    });
  }

  /** Sends at a fixed rate for {@code seconds}, measuring from each request's scheduled time. */
  Result openLoop(String name, double ratePerSecond, double seconds, Supplier<String> paths) {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    GcWatch gc = new GcWatch();
    long total = (long) (ratePerSecond * seconds);
    long intervalNanos = (long) (1e9 / ratePerSecond);
    long start = System.nanoTime();
    Promise<Void> finished = Promise.promise();
    AtomicLong scheduled = new AtomicLong();
    // A 1 ms tick sends every request whose scheduled time has come.
    long timer = vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (scheduled.get() < total && start + scheduled.get() * intervalNanos <= now) {
        long intended = start + scheduled.getAndIncrement() * intervalNanos;
        send(paths.get()).onComplete(ar -> {
          synchronized (histogram) {
            histogram.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
          }
          if (ar.failed() || ar.result() != 200) errors.incrementAndGet();
          if (done.incrementAndGet() == total) finished.tryComplete();
        });
      }
    });
    finished.future().await();
    vertx.cancelTimer(timer);
    return new Result(name, done.get(), errors.get(), (System.nanoTime() - start) / 1e9, histogram, gc.since());
  }

  /** GC activity of this JVM (server and load generator alike) during a phase. */
  private static final class GcWatch {
    private final long count = count();
    private final long millis = millis();

    String since() {
      return String.format("gc %d pauses %d ms", count() - count, millis() - millis);
    }

    private static long count() {
      return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> b.getCollectionCount()).sum();
    }

    private static long millis() {
      return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> b.getCollectionTime()).sum();
    }
  }

  private Future<Integer> send(String path) {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> status(resp))));
  }

  private static int status(HttpClientResponse resp) {
    return resp.statusCode();
  }
}
