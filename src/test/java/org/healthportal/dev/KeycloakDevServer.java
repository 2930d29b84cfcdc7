package org.healthportal.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Keycloak server (keycloak-quarkus-dist from Maven Central) in dev mode, bound to loopback,
 * with the {@code health-portal} realm imported from {@code infra/keycloak/}.
 *
 * <p>The distribution zip is unpacked once into {@code installRoot} and reused. Persistent mode keeps
 * Keycloak's own H2 data there between runs (local development); in-memory mode starts from the
 * realm file every time (tests).
 */
public final class KeycloakDevServer implements AutoCloseable {

  public static final String VERSION = "26.7.3";
  public static final String REALM = "health-portal";
  private static final Logger LOG = LoggerFactory.getLogger(KeycloakDevServer.class);

  private final Path home;
  private final int port;
  private final Process process;

  private KeycloakDevServer(Path home, int port, Process process) {
    this.home = home;
    this.port = port;
    this.process = process;
  }

  /**
   * Unpacks (once) and launches Keycloak; returns without waiting for it. Call {@link #awaitReady}.
   *
   * @param persistent keep Keycloak's data between runs (dev-file) or not (dev-mem)
   */
  public static KeycloakDevServer launch(Path installRoot, int port, int managementPort, boolean persistent) {
    try {
      Path home = unpackOnce(installRoot);
      Path importDir = home.resolve("data/import");
      Files.createDirectories(importDir);
      Files.copy(realmFile(), importDir.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);

      List<String> cmd = new ArrayList<>(List.of(
          "bash", home.resolve("bin/kc.sh").toString(), "start-dev",
          "--http-host=127.0.0.1",
          // A fixed public name, so the token issuer does not depend on how a client reached Keycloak.
          "--hostname=http://localhost:" + port,
          "--http-port=" + port,
          "--http-management-port=" + managementPort,
          "--import-realm",
          "--db=" + (persistent ? "dev-file" : "dev-mem"),
          "--log-level=WARN,org.keycloak.services:INFO,io.quarkus:INFO"));
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .directory(home.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(installRoot.resolve("keycloak.log").toFile()));
      pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
      pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
      pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      LOG.info("Starting Keycloak {} on http://localhost:{} (log: {})", VERSION, port, installRoot.resolve("keycloak.log"));
      KeycloakDevServer server = new KeycloakDevServer(home, port, pb.start());
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "keycloak-stop"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Keycloak did not start", e);
    }
  }

  /** Blocks until the realm's discovery document answers, or fails after {@code timeout}. */
  public KeycloakDevServer awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + "; see " + home.getParent().resolve("keycloak.log"));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return this;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
      }
      sleep(500);
    }
    throw new IllegalStateException("Keycloak not ready after " + timeout.toSeconds() + " s; see " + home.getParent().resolve("keycloak.log"));
  }

  /** Freezes the server (SIGSTOP to the launcher and its JVM): connections stay open, nothing answers. */
  public void pause() {
    signal("STOP");
  }

  /** Lets a paused server go on (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    List<Long> pids = new ArrayList<>();
    pids.add(process.pid());
    process.descendants().forEach(p -> pids.add(p.pid()));
    for (long pid : pids) {
      try {
        new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).start().waitFor();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  public String realmUrl() {
    return baseUrl() + "/realms/" + REALM;
  }

  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path unpackOnce(Path installRoot) throws IOException {
    Path home = installRoot.resolve("keycloak-" + VERSION);
    Path marker = home.resolve(".unpacked");
    if (Files.exists(marker)) return home;
    Path zip = distributionZip();
    LOG.info("Unpacking Keycloak {} from {} into {}", VERSION, zip, home);
    Files.createDirectories(installRoot);
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      String prefix = "keycloak-" + VERSION + "/";
      for (ZipEntry entry : java.util.Collections.list(zf.entries())) {
        if (!entry.getName().startsWith(prefix)) continue;
        Path target = home.resolve(entry.getName().substring(prefix.length())).normalize();
        if (!target.startsWith(home)) throw new IOException("Zip entry escapes target: " + entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = zf.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    Files.writeString(marker, VERSION);
    return home;
  }

  /** The zip Maven copied into target/dist, or the copy in the local Maven repository. */
  private static Path distributionZip() {
    String configured = System.getProperty("keycloak.dist.zip");
    if (configured != null && Files.exists(Path.of(configured))) return Path.of(configured);
    Path inRepo = Path.of(System.getProperty("user.home"), ".m2/repository/org/keycloak/keycloak-quarkus-dist",
        VERSION, "keycloak-quarkus-dist-" + VERSION + ".zip");
    if (Files.exists(inRepo)) return inRepo;
    throw new IllegalStateException("Keycloak distribution zip not found; run the build (mvn compile) first so Maven fetches "
        + "org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip");
  }

  private static Path realmFile() {
    Path file = ProjectPaths.root().resolve("infra/keycloak/" + REALM + "-realm.json");
    if (!Files.exists(file)) throw new IllegalStateException("Realm export not found: " + file);
    return file;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
