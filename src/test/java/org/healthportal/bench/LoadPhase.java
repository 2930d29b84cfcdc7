package org.healthportal.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * One measured load phase against a loopback server: either closed-loop (N requests always in
 * flight: the maximum rate) or open-loop at a fixed rate, where latency is measured from the
 * intended send time so a stalled server cannot hide its queueing (no coordinated omission).
 *
 * <p>The generator shares the machine's cores with the server, so it is kept lean, in the manner of
 * {@code wrk}: one thread, one selector, keep-alive HTTP/1.1 connections, requests written as
 * prepared bytes and responses framed by {@code Content-Length} without being decoded. (A Vert.x
 * HTTP client here took about 120 µs of CPU per request, a quarter of the two cores at half the
 * maximum cache-hit rate, and that CPU was then missing from the server being measured.)
 */
final class LoadPhase {

  /**
   * @param statuses how many responses had each status (index 0: the server closed the connection)
   * @param diagnostics lines on where the tail came from (open-loop phases), or empty
   */
  record Result(String name, long requests, long errors, double seconds, Histogram latencyMicros, long[] statuses, String gc,
      String diagnostics) {
    double rps() {
      return requests / seconds;
    }

    /** Responses with {@code status}. */
    long answered(int status) {
      return statuses[status];
    }

    String line() {
      return String.format("%-34s %8.0f req/s   p50 %6.2f ms   p90 %6.2f ms   p99 %6.2f ms   p99.9 %6.2f ms   errors %d   %s",
          name, rps(), ms(50), ms(90), ms(99), ms(99.9), errors, gc)
          + diagnostics;
    }

    private double ms(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

  private static final double SETTLE_SECONDS = 3;

  private final List<InetSocketAddress> servers;
  private final int maxConnections;
  private final Map<String, byte[]> gets = new HashMap<>();
  /** Where open-loop phases probe the disk's flush latency ({@link DiskFlushWatch}), or null. */
  private Path diskProbeDir;

  LoadPhase(int port, int maxConnections) {
    this(List.of(port), maxConnections);
  }

  /** Against several instances: the connections are spread over them in turn, as a load balancer would. */
  LoadPhase(List<Integer> ports, int maxConnections) {
    this.servers = ports.stream().map(port -> new InetSocketAddress("127.0.0.1", port)).toList();
    this.maxConnections = maxConnections;
  }

  /**
   * Open-loop phases also probe how long the disk takes to flush a small write, in {@code dir} (next
   * to the database's files): for phases whose every request commits durably.
   */
  LoadPhase probingDiskFlushes(Path dir) {
    this.diskProbeDir = dir;
    return this;
  }

  /** Keeps {@code concurrency} requests in flight for {@code seconds}; returns the rate and latencies. */
  Result closedLoop(String name, int concurrency, double seconds, Supplier<String> paths) {
    return run(name, Math.min(concurrency, maxConnections), seconds, () -> get(paths.get()), 0, Long.MAX_VALUE);
  }

  /**
   * Sends exactly {@code count} whole requests ({@link #post}), {@code concurrency} in flight at a
   * time, each as soon as a connection is free; {@link Result#answered} counts their statuses.
   */
  Result closedLoopRequests(String name, int concurrency, int count, Supplier<byte[]> requests) {
    return run(name, Math.min(concurrency, maxConnections), 0, requests, 0, count);
  }

  /** Sends GETs at a fixed rate for {@code seconds}, measuring from each request's scheduled time. */
  Result openLoop(String name, double ratePerSecond, double seconds, Supplier<String> paths) {
    return openLoopRequests(name, ratePerSecond, seconds, () -> get(paths.get()));
  }

  /** The same with whole requests, as {@link #post} writes them. */
  Result openLoopRequests(String name, double ratePerSecond, double seconds, Supplier<byte[]> requests) {
    // The same load, unrecorded, first: a phase measures this load, not the backlog the previous
    // phase left behind (after the uncached phases, seconds of queued database and cache work).
    run(name + " (settling)", maxConnections, SETTLE_SECONDS, requests, ratePerSecond, Long.MAX_VALUE);
    return run(name, maxConnections, seconds, requests, ratePerSecond, Long.MAX_VALUE);
  }

  /** How many requests {@link #openLoopRequests} sends at this rate, settling included. */
  static int openLoopRequestCount(double ratePerSecond, double seconds) {
    return (int) (ratePerSecond * SETTLE_SECONDS) + (int) (ratePerSecond * seconds);
  }

  /**
   * The phase; {@code rate} 0 means closed loop, which ends after {@code seconds} or, when
   * {@code count} is less than {@link Long#MAX_VALUE}, once that many requests are answered.
   */
  private Result run(String name, int connections, double seconds, Supplier<byte[]> requests, double rate, long count) {
    if (rate > 0) TimerSlack.set(TimerSlack.FINE);
    try (Selector selector = Selector.open()) {
      Phase phase = new Phase(selector, connections, seconds, requests, rate, count);
      // The loop's body is a method of its own, so the JIT compiles it once, in the first phase, and
      // keeps it. With the body in this loop, each phase (one call of this method) began interpreted,
      // and the JIT compiled the whole loop again while the phase ran (on-stack replacement): CPU
      // taken from the server at the start of every phase, and late requests in the open-loop ones.
      while (phase.turn()) {
        // each turn sends what is due and reads what has arrived
      }
      for (SelectionKey key : selector.keys()) key.channel().close();
      return phase.result(name);
    } catch (IOException e) {
      throw new IllegalStateException("Load phase " + name + " failed: " + e.getMessage(), e);
    } finally {
      if (rate > 0) TimerSlack.set(TimerSlack.DEFAULT);
    }
  }

  /** One phase's connections, schedule and measurements. */
  private final class Phase {
    private final Selector selector;
    private final Supplier<byte[]> requests;
    private final double rate;
    private final boolean counted;
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    // Open loop: how late each request left, past its intended time (the generator's own turn, or no free connection).
    private final Histogram lateness = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    private final GcWatch gc = new GcWatch();
    private long done;
    private long errors;
    private final long[] statuses = new long[600];
    private final long start = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final long end;
    private final KdamondWatch kdamond = new KdamondWatch();
    private final DiskFlushWatch disk;
    private final KdamondWatch.LongList samples = new KdamondWatch.LongList(); // (100 ms wall-clock window << 25) | latency µs, per request
    private final StringBuilder generatorStalls = new StringBuilder(); // the generator's own pauses over 10 ms (beyond the selector wait it planned)
    private final long[] worstPerWindow; // worst latency (µs) per 100 ms of intended send time
    private final long total;
    private final double intervalNanos;
    private long scheduled; // requests whose send time has come
    private long sent; // of those, the ones sent (the rest wait for a free connection)
    // A queue, not a stack: each request takes the connection idle the longest, as requests from many
    // phones would spread over their connections. A stack kept two or three connections busy at half
    // rate, and when they sat on one of the server's event loops, the other one idled while requests
    // queued behind each other (4.8 s of one loop's CPU against 2.4 s of the other's in one phase).
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private int busy;
    private long lastTurn = System.nanoTime();
    private long plannedWait; // what the last turn meant to wait on its selector: at a low rate, more than 10 ms

    Phase(Selector selector, int connections, double seconds, Supplier<byte[]> requests, double rate, long count) throws IOException {
      this.selector = selector;
      this.requests = requests;
      this.rate = rate;
      this.counted = count < Long.MAX_VALUE;
      this.end = counted ? Long.MAX_VALUE : start + (long) (seconds * 1e9);
      this.disk = (rate > 0 || counted) && diskProbeDir != null ? new DiskFlushWatch(diskProbeDir) : null;
      this.worstPerWindow = new long[(int) (seconds * 10) + 600];
      this.total = rate > 0 ? (long) (rate * seconds) : count;
      this.intervalNanos = rate > 0 ? 1e9 / rate : 0;
      for (int i = 0; i < connections; i++) idle.add(new Connection(selector, servers.get(i % servers.size())));
    }

    /** Sends what is due, waits for responses or the next due time, and reads what arrived; false once the phase is over. */
    boolean turn() throws IOException {
      long now = System.nanoTime();
      // Open loop only: a closed loop may legitimately wait on its selector while every request is out.
      if (rate > 0 && now - lastTurn > 10_000_000L + plannedWait) generatorStalls.append(String.format(" %tT.%03d:%dms",
          startMillis + (lastTurn - start) / 1_000_000, (startMillis + (lastTurn - start) / 1_000_000) % 1000, (now - lastTurn) / 1_000_000));
      lastTurn = now;
      if (rate > 0) {
        while (scheduled < total && start + (long) (scheduled * intervalNanos) <= now) scheduled++;
        while (sent < scheduled && !idle.isEmpty()) {
          long intended = start + (long) (sent++ * intervalNanos);
          idle.pollFirst().send(requests.get(), intended);
          lateness.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
          busy++;
        }
        if (sent >= total && busy == 0) return false;
      } else {
        while (now < end && sent < total && !idle.isEmpty()) {
          idle.pollFirst().send(requests.get(), now);
          sent++;
          busy++;
        }
        if ((now >= end || sent >= total) && busy == 0) return false;
      }
      long waitNanos = rate > 0 && scheduled < total ? start + (long) (scheduled * intervalNanos) - System.nanoTime() : 10_000_000L;
      plannedWait = Math.max(0, waitNanos);
      // A selector waits in whole milliseconds, so with nothing in flight (no response to wake it) a
      // request due sooner would leave up to a millisecond late: then the thread sleeps until it is due.
      // With requests in flight, their responses wake the selector about as often as requests fall due
      // (a thread that woke it at every due time, at nice -5, made the tail longer in a trial, not shorter).
      if (waitNanos <= 0) selector.selectNow();
      else if (busy == 0 && waitNanos < 1_000_000) LockSupport.parkNanos(waitNanos);
      else selector.select(Math.max(1, waitNanos / 1_000_000));
      for (SelectionKey key : selector.selectedKeys()) {
        Connection c = (Connection) key.attachment();
        int status = c.read();
        if (status == 0) continue; // response not complete yet
        long micros = Math.max(1, (System.nanoTime() - c.intended) / 1000);
        histogram.recordValue(micros);
        int window = (int) Math.min(worstPerWindow.length - 1, (c.intended - start) / 100_000_000L);
        worstPerWindow[window] = Math.max(worstPerWindow[window], micros);
        samples.add(((startMillis + (c.intended - start) / 1_000_000) / 100) << 25 | Math.min(micros, (1 << 25) - 1));
        done++;
        if (status / 100 != 2) errors++;
        statuses[Math.max(0, status)]++;
        busy--;
        idle.addLast(status > 0 ? c : new Connection(selector, c.server));
      }
      selector.selectedKeys().clear();
      return true;
    }

    Result result(String name) {
      // A counted phase keeps every connection busy by design: its slow windows would be all of them.
      return new Result(name, done, errors, (System.nanoTime() - start) / 1e9, histogram, statuses, gc.since(),
          (counted ? "" : slowWindows(startMillis, worstPerWindow))
          + (generatorStalls.isEmpty() ? "" : "\n    generator stalls:" + generatorStalls)
          + (rate > 0 ? sentLate(lateness) : "")
          + kdamond.stop() + kdamond.outside(samples) + (disk == null ? "" : DiskFlushWatch.report(disk.stop(), samples)));
    }
  }

  /**
   * How late requests left the generator: its own turn came late (a core was busy), or every
   * connection was waiting for a response. This much of the measured latency was spent before the
   * server saw the request.
   */
  private static String sentLate(Histogram lateness) {
    return String.format("%n    sent late: p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   p99.9 %.2f ms", lateness.getValueAtPercentile(50) / 1000.0,
        lateness.getValueAtPercentile(90) / 1000.0, lateness.getValueAtPercentile(99) / 1000.0, lateness.getValueAtPercentile(99.9) / 1000.0);
  }

  /** The 100 ms windows (wall-clock start, ms) whose worst request took over 15 ms: shows whether the tail is periodic. */
  private static String slowWindows(long startMillis, long[] worst) {
    StringBuilder out = new StringBuilder("\n    slow 100 ms windows (start:worst):");
    int empty = out.length();
    for (int i = 0; i < worst.length; i++) {
      if (worst[i] > 15_000) out.append(String.format(" %tT.%03d:%dms", startMillis + i * 100L, (startMillis + i * 100L) % 1000, worst[i] / 1000));
    }
    return out.length() == empty ? "" : out.toString();
  }

  /**
   * The GET of {@code path} as bytes, kept for the first {@value #KEPT_GETS} paths (the repeated ones
   * come first: the trivial endpoint, the 64 positions). Keeping every random position's request made
   * the generator's heap grow by hundreds of thousands of entries a run, and its own GC pauses (15-20 ms
   * every two seconds) were counted as the server's latency in the open-loop phases.
   */
  private byte[] get(String path) {
    byte[] kept = gets.get(path);
    if (kept != null) return kept;
    byte[] request = (requestLine("GET", path) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    if (gets.size() < KEPT_GETS) gets.put(path, request);
    return request;
  }

  private static final int KEPT_GETS = 1_024;

  /** A POST of a JSON body with extra headers, as the bytes to send (not kept: bodies and keys differ per request). */
  byte[] post(String path, Map<String, String> headers, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(requestLine("POST", path))
        .append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    byte[] request = java.util.Arrays.copyOf(start, start.length + body.length);
    System.arraycopy(body, 0, request, start.length, body.length);
    return request;
  }

  /** The request line and Host header. */
  private String requestLine(String method, String path) {
    return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n";
  }

  /** One keep-alive connection with at most one request in flight. */
  private final class Connection {
    private final SocketChannel channel;
    private final SelectionKey key;
    final InetSocketAddress server;
    private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    long intended;

    Connection(Selector selector, InetSocketAddress server) throws IOException {
      this.server = server;
      channel = SocketChannel.open(server);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      key = channel.register(selector, SelectionKey.OP_READ, this);
    }

    void send(byte[] request, long intendedNanos) throws IOException {
      intended = intendedNanos;
      ByteBuffer out = ByteBuffer.wrap(request);
      while (out.hasRemaining()) {
        // A request is far smaller than the socket buffer of an idle connection: this does not spin.
        channel.write(out);
      }
    }

    /**
     * 0 while the response is incomplete; then its status, or -1 when the server closed the
     * connection. Parses bytes in place: the generator should allocate (and collect) next to nothing.
     */
    int read() throws IOException {
      if (channel.read(in) < 0) {
        key.cancel();
        channel.close();
        return -1;
      }
      int headerEnd = indexOf(in, HEADER_END);
      if (headerEnd < 0) {
        if (!in.hasRemaining()) in = grow(in, in.capacity() * 2);
        return 0;
      }
      int whole = headerEnd + HEADER_END.length + contentLength(in.array(), headerEnd);
      if (in.position() < whole) {
        if (in.capacity() < whole) in = grow(in, whole);
        return 0;
      }
      if (in.position() > whole) throw new IOException("Unexpected bytes after the response");
      byte[] a = in.array();
      in.clear();
      return (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0'); // "HTTP/1.1 200"
    }

    /** The Content-Length header's value (lines before {@code end}); responses here always carry it. */
    private static int contentLength(byte[] a, int end) throws IOException {
      for (int line = 0; line < end; ) {
        int next = line;
        while (next < end && a[next] != '\r') next++;
        if (next - line > CONTENT_LENGTH.length && regionMatchesIgnoreCase(a, line, CONTENT_LENGTH)) {
          int value = 0;
          for (int i = line + CONTENT_LENGTH.length; i < next; i++) {
            if (a[i] >= '0' && a[i] <= '9') value = value * 10 + (a[i] - '0');
          }
          return value;
        }
        line = next + 2;
      }
      throw new IOException("Response without Content-Length: " + new String(a, 0, Math.min(end, 80), StandardCharsets.ISO_8859_1));
    }

    private static boolean regionMatchesIgnoreCase(byte[] a, int from, byte[] lowerCase) {
      for (int i = 0; i < lowerCase.length; i++) {
        if (Character.toLowerCase(a[from + i]) != lowerCase[i]) return false;
      }
      return true;
    }

    private static int indexOf(ByteBuffer buffer, byte[] pattern) {
      byte[] a = buffer.array();
      outer:
      for (int i = 0; i + pattern.length <= buffer.position(); i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (a[i + j] != pattern[j]) continue outer;
        }
        return i;
      }
      return -1;
    }

    private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
      ByteBuffer bigger = ByteBuffer.allocate(capacity);
      buffer.flip();
      bigger.put(buffer);
      return bigger;
    }
  }

  /**
   * The generator thread's timer slack (Linux; root only, else left as it is): how late the kernel may
   * end its sleeps, 50 µs by default. The open-loop generator sleeps until a request is due, and its
   * lateness is counted as the server's latency.
   */
  private static final class TimerSlack {
    static final long FINE = 1_000;
    static final long DEFAULT = 50_000;

    static void set(long nanos) {
      try {
        // "<pid>/task/<tid>": /proc/<tid> is the thread's own.
        String tid = java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        java.nio.file.Files.writeString(Path.of("/proc", tid, "timerslack_ns"), String.valueOf(nanos));
      } catch (IOException | RuntimeException e) {
        // Not Linux, or not allowed: the default slack only makes requests leave a little later.
      }
    }
  }

  /** GC activity of the load generator's JVM during a phase (the server's is in its own GC log). */
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
}
