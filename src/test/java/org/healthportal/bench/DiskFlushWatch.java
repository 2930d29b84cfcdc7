package org.healthportal.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * How long the disk took to make a small write durable during a load phase that commits: a daemon
 * thread writes 4 KB and {@code fdatasync}s it every 50 ms (what PostgreSQL does for each commit,
 * at a twentieth of the signup rate), next to the database's files, and keeps each flush over
 * 20 ms. On the development VM such flushes stall for 100-800 ms every few seconds, and a commit
 * with {@code synchronous_commit = on} waits for its flush, so every signup in flight waits too.
 */
final class DiskFlushWatch {

  /** Flushes slower than this are kept as stalls. */
  private static final long STALL_NANOS = 20_000_000L;

  /** One slow flush, wall-clock milliseconds. */
  record Stall(long startMillis, long endMillis) {}

  private final Path file;
  private final List<Stall> stalls = new ArrayList<>();
  private volatile boolean running = true;
  private final Thread thread;

  DiskFlushWatch(Path dir) {
    this.file = dir.resolve("disk-flush-probe.bin");
    thread = new Thread(this::watch, "disk-flush-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void watch() {
    ByteBuffer page = ByteBuffer.allocate(4096);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int i = 0; running; i++) {
        page.clear();
        channel.write(page, (i % 16) * 4096L);
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        channel.force(false);
        long took = System.nanoTime() - start;
        if (took > STALL_NANOS) {
          synchronized (stalls) {
            stalls.add(new Stall(startMillis, startMillis + took / 1_000_000));
          }
        }
        LockSupport.parkNanos(50_000_000L);
      }
    } catch (IOException e) {
      // no writable target directory: nothing to report
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stray probe file in target/ is harmless
      }
    }
  }

  /** Stops the probe; the stalls it saw. */
  List<Stall> stop() {
    running = false;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (stalls) {
      return List.copyOf(stalls);
    }
  }

  /** The report lines for {@code stalls}, and the percentiles of the requests sent clear of them. */
  static String report(List<Stall> stalls, KdamondWatch.LongList samples) {
    if (stalls.isEmpty()) return "\n    disk flushes: none over 20 ms";
    StringBuilder out = new StringBuilder("\n    slow disk flushes (start:duration):");
    for (Stall s : stalls) out.append(String.format(" %tT.%03d:%dms", s.startMillis(), s.startMillis() % 1000, s.endMillis() - s.startMillis()));
    // A request sent up to 100 ms before a stall commits inside it; after it, the backlog of a
    // half-loaded server drains in about as long as the stall lasted.
    return out + KdamondWatch.outside("outside slow disk flushes", samples, window -> stalls.stream().anyMatch(s ->
        window * 100 + 100 > s.startMillis() - 100 && window * 100 < s.endMillis() + (s.endMillis() - s.startMillis())));
  }
}
