package org.healthportal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * When the kernel's memory-access monitor (DAMON's {@code kdamond} threads, which the development VM
 * runs with a 500 ms sampling interval) used the CPU during a load phase: the 100 ms windows in which
 * it ran over 5 ms. Each burst takes one of the two cores for 6-30 ms, and the slow windows of every
 * open-loop phase line up with them. Polled every 2 ms from /proc on a daemon thread; reports nothing
 * where no kdamond runs.
 *
 * <p>Its scheme there pages out memory it finds idle for over a second; with no swap that can only be
 * file-backed pages (program code among them), which the next use reads back from disk: a major page
 * fault, a stall of milliseconds. The windows with major faults (machine-wide) are reported too.
 */
final class KdamondWatch {
  private final List<Path> stats = new ArrayList<>();
  private final StringBuilder busy = new StringBuilder();
  private final StringBuilder faults = new StringBuilder();
  private final Set<Long> busyWindows = ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;
  private final Thread thread;

  KdamondWatch() {
    try (var procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
        try {
          if (Files.readString(p.resolve("comm")).startsWith("kdamond")) stats.add(p.resolve("schedstat"));
        } catch (IOException | RuntimeException gone) {
          // not readable, or gone
        }
      });
    } catch (IOException e) {
      // no /proc: nothing to watch
    }
    thread = new Thread(this::watch, "kdamond-watch");
    thread.setDaemon(true);
    if (!stats.isEmpty()) thread.start();
  }

  private void watch() {
    long windowStart = System.currentTimeMillis() / 100 * 100;
    long windowCpuStart = cpu();
    long windowFaultsStart = majorFaults();
    while (running) {
      LockSupport.parkNanos(2_000_000L);
      long now = System.currentTimeMillis();
      if (now >= windowStart + 100) {
        long cpu = cpu();
        long usedMs = (cpu - windowCpuStart) / 1_000_000;
        if (usedMs > 5) {
          busy.append(String.format(" %tT.%03d:%dms", windowStart, windowStart % 1000, usedMs));
          busyWindows.add(windowStart / 100);
        }
        long majorFaults = majorFaults();
        if (majorFaults > windowFaultsStart) {
          faults.append(String.format(" %tT.%03d:%d", windowStart, windowStart % 1000, majorFaults - windowFaultsStart));
        }
        windowStart = now / 100 * 100;
        windowCpuStart = cpu;
        windowFaultsStart = majorFaults;
      }
    }
  }

  private long cpu() {
    long total = 0;
    for (Path stat : stats) {
      try {
        total += Long.parseLong(Files.readString(stat).split(" ")[0]);
      } catch (IOException | RuntimeException gone) {
        // ended
      }
    }
    return total;
  }

  /** Major page faults of the whole machine so far ({@code pgmajfault}), or 0 when unreadable. */
  private static long majorFaults() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/vmstat"))) {
        if (line.startsWith("pgmajfault ")) return Long.parseLong(line.substring("pgmajfault ".length()).trim());
      }
    } catch (IOException | RuntimeException unreadable) {
      // no /proc/vmstat
    }
    return 0;
  }

  String stop() {
    running = false;
    if (stats.isEmpty()) return "";
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return (busy.isEmpty() ? "" : "\n    kdamond busy (window:cpu):" + busy)
        + (faults.isEmpty() ? "" : "\n    major page faults, machine-wide (window:count):" + faults);
  }

  /**
   * For diagnosis only (the phase's figures above count every request): percentiles of the
   * requests sent neither in a window where kdamond was busy nor in the windows just before and after
   * it (a request sent shortly before a burst waits through it; the backlog drains after it).
   */
  String outside(LongList samples) {
    if (busyWindows.isEmpty()) return "";
    return outside("outside kdamond bursts", samples,
        window -> busyWindows.contains(window - 1) || busyWindows.contains(window) || busyWindows.contains(window + 1));
  }

  /**
   * Percentiles of the {@code samples} ((100 ms wall-clock window << 25) | latency µs) whose window
   * is not {@code excluded}, as one report line named {@code what}.
   */
  static String outside(String what, LongList samples, java.util.function.LongPredicate excluded) {
    Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    for (int i = 0; i < samples.size; i++) {
      if (!excluded.test(samples.values[i] >>> 25)) h.recordValue(Math.max(1, samples.values[i] & ((1 << 25) - 1)));
    }
    return String.format(Locale.ROOT, "%n    %s (%.0f%% of requests): p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   p99.9 %.2f ms", what,
        100.0 * h.getTotalCount() / Math.max(1, samples.size), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0);
  }

  /** A growable array of longs (a boxed list would be most of the generator's garbage). */
  static final class LongList {
    long[] values = new long[1 << 16];
    int size;

    void add(long value) {
      if (size == values.length) values = java.util.Arrays.copyOf(values, size * 2);
      values[size++] = value;
    }
  }
}
