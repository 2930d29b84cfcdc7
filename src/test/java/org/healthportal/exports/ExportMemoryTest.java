package org.healthportal.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.healthportal.facilities.generator.FacilityGenerator;
import org.healthportal.facilities.generator.FacilityLoader;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * The export is streamed, not built in memory: a server process with a 64 MB heap serves two
 * simultaneous exports of 80,000 facilities, together about 90 MB of NDJSON, completely. Built in
 * memory, either one would not fit. (Throughput and memory curves are the ExportBenchmark's.)
 */
class ExportMemoryTest {

  private static final int FACILITIES = 80_000;
  private static final int HEAP_MB = 64;

  private final TestEnv env = TestEnv.get();

  @Test
  void twoExportsLargerThanTheHeapTogetherCompleteOnA64MbHeap() throws Exception {
    // A database of its own, so the other tests keep their 480 demo facilities.
    try (Connection c = env.database()) {
      c.createStatement().execute("CREATE DATABASE export_check");
    }
    String database = "postgresql://127.0.0.1:" + env.postgres.port() + "/export_check";
    // The search index would hold the 80,000 facilities in this small heap; this test measures the export alone.
    int port = env.startServerProcess(List.of("-Xmx" + HEAP_MB + "m", "-XX:+UseG1GC"),
        Map.of("db.url", database, "search.index.enabled", "false"));
    try {
      long active;
      try (Connection c = DriverManager.getConnection("jdbc:" + database, "postgres", "postgres")) {
        FacilityLoader.insert(c, new FacilityGenerator(20_261_124L).stream(FACILITIES), false, Instant.now());
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM facility WHERE status = 'active'")) {
          rs.next();
          active = rs.getLong(1);
        }
      }
      assertThat(active).isGreaterThan(FACILITIES);

      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/exports/facilities?format=ndjson")).build();
      CompletableFuture<long[]> first = CompletableFuture.supplyAsync(() -> download(client, request));
      CompletableFuture<long[]> second = CompletableFuture.supplyAsync(() -> download(client, request));
      long[] a = first.join();
      long[] b = second.join();
      assertThat(a[0]).as("lines of the first export").isEqualTo(active);
      assertThat(b[0]).as("lines of the second export").isEqualTo(active);
      assertThat(a[1] + b[1]).as("bytes of both exports").isGreaterThan((long) HEAP_MB * 1024 * 1024);
      assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/live")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    } finally {
      env.stopServerProcess(port);
      try (Connection c = env.database()) {
        c.createStatement().execute("DROP DATABASE export_check");
      }
    }
  }

  /** Lines and UTF-8 bytes of one export, read as it arrives. */
  private static long[] download(HttpClient client, HttpRequest request) {
    try {
      HttpResponse<java.util.stream.Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      long[] counts = new long[2];
      response.body().forEach(line -> {
        counts[0]++;
        counts[1] += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
      });
      return counts;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
