package org.healthportal.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.healthportal.dev.ProjectPaths;

/**
 * The packaged artifact ({@code target/health-portal.jar}, built by {@code mvn package} before the
 * tests run) started as an operator starts it: {@code java -jar}, a clean environment holding only
 * the given {@code HP_*} variables, output to a log file under {@code target/}.
 */
final class ArtifactProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ArtifactProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("packaged.jar", ProjectPaths.root().resolve("target/health-portal.jar").toString()));
    if (!Files.isRegularFile(jar)) throw new IllegalStateException("No packaged artifact at " + jar + ": run mvn verify (package precedes the tests)");
    return jar;
  }

  static ArtifactProcess start(String name, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    Path log = ProjectPaths.root().resolve("target/artifact-" + name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env);
    try {
      Process process = pb.start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "artifact-" + name + "-kill"));
      return new ArtifactProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process to exit; its exit code, or -1 when it is still running after {@code limit}. */
  int awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGTERM, as Kubernetes sends it. */
  void terminate() {
    process.destroy();
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
