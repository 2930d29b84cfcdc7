package org.healthportal.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.healthportal.App;
import org.healthportal.client.ApiClient;
import org.healthportal.platform.config.ConfigLoader;
import org.healthportal.dev.DevSettings;
import org.healthportal.dev.EmbeddedPostgresServer;
import org.healthportal.dev.EmbeddedRedisServer;
import org.healthportal.dev.KeycloakDevServer;
import org.healthportal.dev.PostgresReplica;
import org.healthportal.dev.ProjectPaths;

/**
 * The real services of the test run, started once per JVM (Surefire uses one fork): Keycloak with
 * the realm imported (in memory), PostgreSQL, Redis, and the application itself on a free port.
 */
public final class TestEnv {

  /** A client created by the tests (not in the realm export) whose tokens live 1 second. */
  public static final String SHORT_LIVED_CLIENT = "test-short-lived";

  private static TestEnv instance;
  private static Throwable startFailure;
  private Http second;
  private volatile PostgresReplica replica;
  private RuntimeException replicaFailure;
  private EmbeddedRedisCluster redisCluster;

  public final KeycloakDevServer keycloak;
  public final EmbeddedPostgresServer postgres;
  public final EmbeddedRedisServer redis;
  public final App app;
  public final String baseUrl;
  public final Http http;
  /** The main instance's management port, and a client of it (GET /metrics). */
  public final int managementPort;
  public final Http management;
  private final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> config;
  private final Map<Integer, Process> serverProcesses = new ConcurrentHashMap<>();

  private record CachedToken(String value, long expiresAtNanos) {}

  private TestEnv() {
    long start = System.nanoTime();
    Path root = ProjectPaths.root().resolve("target/test-services");
    keycloak = KeycloakDevServer.launch(root, freePort(), freePort(), false);
    // Tests trade durability for speed; benchmarks measure what production commits cost.
    Map<String, String> postgresConfig = new HashMap<>(Boolean.getBoolean("testenv.durable-postgres") ? EmbeddedPostgresServer.DURABLE : Map.of());
    // Benchmarks that break a write down by statement ask for this; it costs a little on every statement.
    if (Boolean.getBoolean("testenv.pg-stat-statements")) {
      postgresConfig.put("shared_preload_libraries", "pg_stat_statements");
      postgresConfig.put("pg_stat_statements.track_planning", "on");
    }
    // Experiments with PostgreSQL's own settings: -Dtestenv.postgres-settings=name=value,name=value
    for (String setting : System.getProperty("testenv.postgres-settings", "").split(",")) {
      if (!setting.isBlank()) postgresConfig.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
    }
    postgres = EmbeddedPostgresServer.start(0, null, postgresConfig);
    redis = EmbeddedRedisServer.start(freePort());
    keycloak.awaitReady(Duration.ofMinutes(5));
    int port = freePort();
    managementPort = freePort();
    Map<String, String> config = new HashMap<>(DevSettings.defaults());
    config.put("db.url", postgres.url());
    config.put("db.user", "postgres");
    config.put("db.password", "postgres");
    config.put("redis.url", redis.url());
    config.put("auth.realm-url", keycloak.realmUrl());
    config.put("auth.allowed-clients", "portal-mobile,portal-dev,portal-partner-demo," + SHORT_LIVED_CLIENT);
    config.put("auth.jwks-refresh-min-interval-seconds", "1");
    // Tests watch contracts expire within seconds; benchmarks keep the production interval, as the
    // run costs a database statement that would otherwise show in their latency every second.
    config.put("familydoctor.expiry-interval-seconds", System.getProperty("testenv.expiry-interval-seconds", "1"));
    config.put("http.port", String.valueOf(port));
    config.put("management.port", String.valueOf(managementPort));
    config.put("http.instances", "2");
    config.put("log.access-level", System.getProperty("testenv.access-log", "info"));
    // Fair use is tested on instances of its own (RateLimitTest); here it must never get in the way.
    for (String caller : List.of("anonymous", "partner", "user")) config.put("ratelimit." + caller + ".limit", "100000000");
    // Webhooks are delivered by instances of their own (WebhookTest), so tests can stop and restart them.
    config.put("webhooks.dispatch", "false");
    // Likewise notifications are fed by instances of their own (NotificationsTest), to stop one between commit and delivery.
    config.put("notifications.feed", "false");
    this.config = config;
    // Benchmarks measure servers in processes of their own (startServerProcess), and use this instance
    // only for their fixtures. Its search index would load the benchmark's directory into the load
    // generator's heap and refresh several times a second while signups change teams, taking CPU from
    // the server measured (and its queries counting as that server's database work).
    Map<String, String> own = new HashMap<>(config);
    if (Boolean.getBoolean("testenv.fixtures-only")) own.put("search.index.enabled", "false");
    try {
      app = App.start(ConfigLoader.load(Map.of(), own)).await();
    } catch (RuntimeException e) {
      keycloak.close();
      postgres.close();
      redis.close();
      throw e;
    }
    baseUrl = "http://localhost:" + port;
    http = new Http(baseUrl, app.vertx());
    management = new Http("http://localhost:" + managementPort, app.vertx());
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "test-services-stop"));
    System.out.printf("Test services ready in %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  public static synchronized TestEnv get() {
    // A failed start is reported to every test, not retried per test: each try starts a Keycloak.
    if (startFailure != null) throw new IllegalStateException("The test services failed to start (see the first failure)", startFailure);
    if (instance == null) {
      try {
        instance = new TestEnv();
      } catch (RuntimeException | Error e) {
        startFailure = e;
        throw e;
      }
    }
    return instance;
  }

  /**
   * A second server instance on the same PostgreSQL and Redis (as behind a load balancer), with CORS
   * enabled for {@code https://app.example}. Started on first use.
   */
  public synchronized Http secondInstance() {
    if (second == null) second = startInstance(Map.of("http.cors-origins", "https://app.example"));
    return second;
  }

  /**
   * A streaming read replica of {@link #postgres}, shared by the tests that use it: made on first
   * use (a base backup, about a second), so runs without such tests never pay for it; stopped at
   * exit. Tests that delay or stop it put it back as they found it.
   */
  public synchronized PostgresReplica replica() {
    // Like the services' start: a failure is reported to every test rather than retried by each.
    if (replicaFailure != null) throw new IllegalStateException("The replica failed to start (see the first failure)", replicaFailure);
    if (replica == null) {
      try {
        long start = System.nanoTime();
        replica = PostgresReplica.of(postgres, freePort());
        System.out.printf("PostgreSQL replica ready in %d ms%n", (System.nanoTime() - start) / 1_000_000);
      } catch (RuntimeException e) {
        replicaFailure = e;
        throw e;
      }
    }
    return replica;
  }

  /** Another server instance on the same PostgreSQL and Redis, with some settings changed; stopped at exit. */
  public Http startInstance(Map<String, String> overrides) {
    return startApp(overrides).http();
  }

  /** A started extra instance: its client and the application, to stop it early. */
  public record Instance(Http http, App app) {

    /**
     * Stops the instance, waiting at most 30 s: a stop that hangs fails the test with a thread
     * dump instead of stalling the whole run.
     */
    public void stop() {
      try {
        app.stop().await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
          dump.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
          for (StackTraceElement frame : stack) dump.append("    at ").append(frame).append('\n');
        });
        throw new AssertionError("Stopping the instance at " + http.baseUrl() + " took over 30 s; threads:\n" + dump, e);
      }
    }
  }

  public Instance startApp(Map<String, String> overrides) {
    return startApp(overrides, java.time.Clock.systemUTC());
  }

  /** The same, with background jobs that wait for a moment (push after quiet hours) going by {@code jobClock}. */
  public Instance startApp(Map<String, String> overrides, java.time.Clock jobClock) {
    Map<String, String> other = new HashMap<>(config);
    int port = freePort();
    other.put("http.port", String.valueOf(port));
    other.put("management.port", String.valueOf(freePort()));
    other.put("http.instances", "1");
    other.putAll(overrides);
    App started = App.start(ConfigLoader.load(Map.of(), other), jobClock).await();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> started.stop(), "instance-stop-" + port));
    return new Instance(new Http("http://localhost:" + port, started.vertx()), started);
  }

  /**
   * The run's Redis Cluster (three masters, three replicas), started on first use and shared by
   * every test that needs one. Masters fail over 1.5 s after they stop answering.
   */
  public synchronized EmbeddedRedisCluster redisCluster() {
    if (redisCluster == null) redisCluster = EmbeddedRedisCluster.start(ProjectPaths.root().resolve("target/test-services/redis-cluster"), 1_500);
    return redisCluster;
  }

  /**
   * Another server instance on the same PostgreSQL, with the run's Redis Cluster in place of the
   * single Redis, and some settings changed. Its management port (GET /metrics) is chosen here.
   */
  public ClusterInstance startOnRedisCluster(Map<String, String> overrides) {
    int managementPort = freePort();
    Map<String, String> settings = new HashMap<>();
    settings.put("redis.url", "");
    settings.put("redis.cluster-nodes", redisCluster().seeds());
    settings.put("redis.cluster-refresh-seconds", "1");
    settings.put("management.port", String.valueOf(managementPort));
    settings.putAll(overrides);
    Instance started = startApp(settings);
    // The service starts before its Redis connections are up; tests want the cluster in use.
    Poll.until("the instance is connected to the Redis Cluster", Duration.ofSeconds(30),
        () -> "UP".equals(started.http().get("/health/ready").json().getString("status")));
    return new ClusterInstance(started, new Http("http://localhost:" + managementPort, app.vertx()));
  }

  /** An instance on the Redis Cluster and a client of its management port. */
  public record ClusterInstance(Instance instance, Http management) {
    public Http http() {
      return instance.http();
    }
  }

  /**
   * Starts the application again as a separate process on the same services (for benchmarks, so
   * the load generator's threads and garbage do not share the server's JVM). Returns its port.
   */
  public int startServerProcess(List<String> jvmOptions) {
    return startServerProcess(jvmOptions, Map.of());
  }

  /** The same with some settings changed (keys as in application.properties). */
  public int startServerProcess(List<String> jvmOptions, Map<String, String> overrides) {
    int port = freePort();
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.healthportal.App"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProjectPaths.root().resolve("target/server-process-" + port + ".log").toFile());
    config.forEach((k, v) -> pb.environment().put(ConfigLoader.envName(k), v));
    overrides.forEach((k, v) -> pb.environment().put(ConfigLoader.envName(k), v));
    pb.environment().put("HP_HTTP_PORT", String.valueOf(port));
    pb.environment().put("HP_MANAGEMENT_PORT", String.valueOf(managementPortOf(port)));
    pb.environment().put("HP_LOG_ACCESS_LEVEL", System.getProperty("testenv.access-log", "warn"));
    try {
      Process process = pb.start();
      serverProcesses.put(port, process);
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "bench-server-stop"));
      Poll.until(() -> "the server process live; see target/server-process-" + port + ".log", Duration.ofSeconds(60), Duration.ofMillis(200),
          () -> {
            try {
              return httpClient.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/live")).build(),
                  HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
              return false;
            }
          });
      return port;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private final Map<Integer, Integer> managementPorts = new ConcurrentHashMap<>();

  /** The management port (GET /metrics) of the server process listening on {@code port}. */
  public int managementPortOf(int port) {
    return managementPorts.computeIfAbsent(port, p -> freePort());
  }

  /** Stops a server process {@link #startServerProcess} started, and waits for it to exit. */
  public void stopServerProcess(int port) throws InterruptedException {
    Process process = serverProcesses.remove(port);
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
  }

  /** Kills a server process {@link #startServerProcess} started, as a crash or an OOM kill would: no shutdown of any kind. */
  public void killServerProcess(int port) throws InterruptedException {
    Process process = serverProcesses.remove(port);
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** The operating-system process id of the server {@link #startServerProcess} started on {@code port} (to sample its memory). */
  public long serverProcessPid(int port) {
    return serverProcesses.get(port).pid();
  }

  private void stopAll() {
    try {
      app.stop().await(20, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      System.err.println("The test application did not stop within 20 s");
    } catch (RuntimeException ignored) {
      // shutting down anyway
    }
    keycloak.close();
    // Before its primary, which holds the replica's slot.
    if (replica != null) replica.close();
    postgres.close();
    redis.close();
  }

  /** A plain JDBC connection to the test database, for checks against the stored data. */
  public java.sql.Connection database() throws java.sql.SQLException {
    return java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres", "postgres", "postgres");
  }

  /** An access token for a demo user (password {@code <user>-pass}) through the dev client. */
  public String token(String username) {
    return cached("user:" + username, () -> tokenRequest(Map.of(
        "grant_type", "password", "client_id", "portal-dev", "username", username, "password", username + "-pass")));
  }

  /** A client-credentials token of the demo partner. */
  public String partnerToken() {
    return cached("partner", () -> tokenRequest(Map.of(
        "grant_type", "client_credentials", "client_id", "portal-partner-demo", "client_secret", "partner-demo-secret")));
  }

  /** A token from the master realm: right shape, wrong issuer and keys. */
  public String masterRealmToken() {
    return postForm(keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token",
        Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"))
        .getString("access_token");
  }

  public JsonObject tokenRequest(Map<String, String> form) {
    return postForm(keycloak.realmUrl() + "/protocol/openid-connect/token", form);
  }

  /** The generated client, as a third-party app would use it, optionally with a bearer token. */
  public ApiClient client(String token) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    if (token != null) client.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + token));
    return client;
  }

  public KeycloakAdmin keycloakAdmin() {
    String adminToken = masterRealmToken();
    return new KeycloakAdmin(httpClient, keycloak.baseUrl(), adminToken);
  }

  private String cached(String key, java.util.function.Supplier<JsonObject> fetch) {
    CachedToken t = tokens.get(key);
    if (t != null && System.nanoTime() < t.expiresAtNanos()) return t.value();
    JsonObject response = fetch.get();
    String token = response.getString("access_token");
    // Reuse well inside the token lifetime so no test ever sends a token that expires mid-request.
    long lifetime = Math.max(1, response.getLong("expires_in", 60L) / 2);
    tokens.put(key, new CachedToken(token, System.nanoTime() + Duration.ofSeconds(lifetime).toNanos()));
    return token;
  }

  JsonObject postForm(String url, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest req = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> resp = httpClient.send(req, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != 200) throw new IllegalStateException("Token request failed: " + resp.statusCode() + " " + resp.body());
      return new JsonObject(resp.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A free port below the kernel's ephemeral range (32768+ on Linux): Keycloak binds its ports
   * tens of seconds after they are picked, and an ephemeral port could be handed to an outgoing
   * connection in between.
   */
  public static int freePort() {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      try (ServerSocket s = new ServerSocket(port)) {
        return s.getLocalPort();
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IllegalStateException("No free port found in 20000-31999");
  }
}
