package org.healthportal.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.healthportal.support.TestEnv;

/**
 * Memory and speed of the open-data export on the 80,000-facility data set. The server runs in a JVM
 * of its own with a 128 MB heap; while a client downloads and discards the whole export, the
 * server's resident set (/proc/pid/status VmRSS) and used heap (its own /metrics) are sampled every
 * 200 ms. A streaming export keeps both flat; one built in memory would hold the whole body (45 MB
 * as NDJSON) at once.
 * A last phase reads slowly, then leaves mid-download, to show that back-pressure pauses the
 * database cursor and that leaving gives the connection back. Prints numbers; it passes or fails
 * nothing. Run: {@code mvn -Pbench test-compile exec:exec -Dbench.main=org.healthportal.bench.ExportBenchmark}.
 */
public final class ExportBenchmark {

  private static final long SAMPLE_MS = 200;

  public static void main(String[] args) throws Exception {
    System.setProperty("testenv.access-log", "WARN");
    int facilities = Integer.getInteger("bench.facilities", 80_000);
    TestEnv env = BenchSettings.env();
    DirectoryBenchmark.loadData(env, facilities, Long.getLong("bench.seed", 79_099L), new ArrayList<>(), new ArrayList<>());
    long active = activeFacilities(env);
    int port = env.startServerProcess(List.of("-Xmx128m", "-XX:+UseG1GC"));
    Sampler sampler = new Sampler(env.serverProcessPid(port), env.managementPortOf(port));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // Warm up the code paths once, so the measured runs do not pay for class loading and JIT.
    download(client, port, "ndjson", Long.MAX_VALUE);
    download(client, port, "csv", Long.MAX_VALUE);
    Thread.sleep(2_000);
    Sampler.Peak idle = sampler.during(() -> Thread.sleep(2_000));

    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-78s | %s", "idle, 2 s", idle));
    for (String format : List.of("ndjson", "csv")) {
      Download[] result = new Download[1];
      Sampler.Peak peak = sampler.during(() -> result[0] = download(client, port, format, Long.MAX_VALUE));
      Download d = result[0];
      lines.add(String.format(Locale.ROOT, "%-7s %,9d rows %,8.1f MB %6.2f s %,9.0f rows/s %6.1f MB/s          | %s",
          format, d.rows(), d.bytes() / 1e6, d.seconds(), d.rows() / d.seconds(), d.bytes() / 1e6 / d.seconds(), peak));
    }

    // A client reading at 1 MB/s: the server must wait for it with the cursor open, not buffer ahead.
    long[] openWhileSlow = new long[1];
    Sampler.Peak slow = sampler.during(() -> download(client, port, "ndjson", 3_000_000, () -> openWhileSlow[0] = openExportTransactions(env)));
    lines.add(String.format("%-78s | %s", "slow client: 1 MB/s, leaves after 3 MB", slow));
    long left = System.nanoTime();
    while (openExportTransactions(env) > 0 && System.nanoTime() - left < Duration.ofSeconds(5).toNanos()) Thread.sleep(20);
    lines.add(String.format("  export transactions open while it reads: %d; after it left: %d (checked %d ms later)",
        openWhileSlow[0], openExportTransactions(env), (System.nanoTime() - left) / 1_000_000));

    System.out.printf("%n=== Export benchmark: %,d active facilities, server -Xmx128m, %d cores ===%n",
        active, Runtime.getRuntime().availableProcessors());
    BenchSettings.print(env);
    lines.forEach(System.out::println);
    System.exit(0);
  }

  record Download(long rows, long bytes, double seconds) {}

  private static Download download(HttpClient client, int port, String format, long maxBytes) throws Exception {
    return download(client, port, format, maxBytes, null);
  }

  /**
   * Streams one export and discards it, counting bytes and line feeds (the generated names have no
   * line breaks, so each is a row; CSV's header is taken off). With a byte limit it reads at 1 MB/s,
   * runs {@code whileSlow} half way, and closes the connection at the limit.
   */
  private static Download download(HttpClient client, int port, String format, long maxBytes, Check whileSlow) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/exports/facilities?format=" + format)).build();
    long start = System.nanoTime();
    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) throw new IllegalStateException("Export answered " + response.statusCode());
    long bytes = 0;
    long lineFeeds = 0;
    byte[] buffer = new byte[64 * 1024];
    boolean slow = maxBytes != Long.MAX_VALUE;
    try (InputStream in = response.body()) {
      int n;
      while (bytes < maxBytes && (n = in.read(buffer, 0, slow ? 50_000 : buffer.length)) > 0) {
        for (int i = 0; i < n; i++) if (buffer[i] == '\n') lineFeeds++;
        bytes += n;
        if (slow) {
          Thread.sleep(50);
          if (whileSlow != null && bytes >= maxBytes / 2) {
            whileSlow.run();
            whileSlow = null;
          }
        }
      }
    }
    return new Download(format.equals("csv") ? lineFeeds - 1 : lineFeeds, bytes, (System.nanoTime() - start) / 1e9);
  }

  /** Export cursors waiting inside their transaction, as PostgreSQL sees them. */
  private static long openExportTransactions(TestEnv env) throws Exception {
    try (Connection c = env.database();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity"
            + " WHERE state LIKE 'idle in transaction%' AND query LIKE 'SELECT id, kind, name_zh%FROM facility WHERE status%'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long activeFacilities(TestEnv env) throws Exception {
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM facility WHERE status = 'active'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  interface Check {
    void run() throws Exception;
  }

  /** Samples the server process's RSS and used heap every 200 ms while an action runs. */
  static final class Sampler {

    /** @param oldGenBytes the part of the heap that survived collections: what an export kept would grow */
    record Peak(long rssBytes, long heapBytes, long oldGenBytes) {
      @Override
      public String toString() {
        return String.format(Locale.ROOT, "peak RSS %4.0f MB | peak heap %3.0f MB, old gen %3.0f MB", rssBytes / 1e6, heapBytes / 1e6, oldGenBytes / 1e6);
      }
    }

    private final Path status;
    private final HttpRequest metrics;
    private final HttpClient client = HttpClient.newHttpClient();

    Sampler(long pid, int port) {
      this.status = Path.of("/proc/" + pid + "/status");
      this.metrics = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build();
    }

    Peak during(Check action) throws Exception {
      long[] peak = new long[3];
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
      timer.scheduleAtFixedRate(() -> {
        try {
          long rss = rssBytes();
          long[] heap = heapBytes();
          synchronized (peak) {
            peak[0] = Math.max(peak[0], rss);
            peak[1] = Math.max(peak[1], heap[0]);
            peak[2] = Math.max(peak[2], heap[1]);
          }
        } catch (Exception e) {
          System.err.println("Sample failed: " + e);
        }
      }, 0, SAMPLE_MS, TimeUnit.MILLISECONDS);
      try {
        action.run();
      } finally {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
      }
      synchronized (peak) {
        return new Peak(peak[0], peak[1], peak[2]);
      }
    }

    private long rssBytes() throws IOException {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
      throw new IllegalStateException("No VmRSS in " + status);
    }

    /** jvm_memory_used_bytes summed over the heap's pools, and that of the old generation alone. */
    private long[] heapBytes() throws IOException, InterruptedException {
      double heap = 0;
      double old = 0;
      for (String line : client.send(metrics, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
          double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          heap += value;
          if (line.contains("Old Gen")) old += value;
        }
      }
      return new long[] {(long) heap, (long) old};
    }
  }
}
