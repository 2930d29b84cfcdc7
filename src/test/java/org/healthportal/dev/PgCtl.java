package org.healthportal.dev;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops one data directory with the {@code pg_ctl} of the embedded binaries, the way the
 * embedded library runs them: under root (CI) inside a new user namespace ({@code unshare -U}),
 * since PostgreSQL refuses to run as root and there it runs as "nobody".
 */
final class PgCtl {

  private final Path binDir;
  private final Path dataDir;
  /** The server's own log (pg_ctl -l), and pg_ctl's output; both quoted when something fails. */
  private final Path serverLog;
  private final Path ctlLog;

  PgCtl(Path binDir, Path dataDir, Path logDir) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.serverLog = logDir.resolve("server.log");
    this.ctlLog = logDir.resolve("pg_ctl.log");
  }

  /** Starts the server and waits until it accepts connections (for a standby: until it is consistent). */
  void start(Duration timeout) {
    check(run(timeout, "-D", dataDir.toString(), "-l", serverLog.toString(), "-w", "-t", seconds(timeout), "start"), "start");
  }

  /**
   * Stops the server, waiting until it is gone: fast (sessions ended, a restartpoint written, so a
   * restart has little to replay), then immediate, as a crash would, if that does not finish within
   * {@code timeout}. A standby's fast shutdown was seen to hang after a test held its replay back;
   * an immediate stop alone made the next start replay everything since the backup, for minutes on
   * a loaded machine, before it answered connections again.
   */
  void stop(Duration timeout) {
    if (run(timeout, "-D", dataDir.toString(), "-m", "fast", "-w", "-t", seconds(timeout), "stop") == 0) return;
    check(run(timeout, "-D", dataDir.toString(), "-m", "immediate", "-w", "-t", seconds(timeout), "stop"), "stop");
  }

  /** Asks pg_ctl, which also sees through a postmaster.pid left by a server that crashed. */
  boolean isRunning() {
    return run(Duration.ofSeconds(5), "-D", dataDir.toString(), "status") == 0;
  }

  private void check(int exitCode, String action) {
    if (exitCode != 0) throw failure("pg_ctl " + action + " of " + dataDir + " failed with exit code " + exitCode);
  }

  private int run(Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) command.addAll(List.of("unshare", "-U"));
    command.add(binDir.resolve("pg_ctl").toString());
    command.addAll(List.of(args));
    try {
      // To a file, not a pipe: the server started by pg_ctl would inherit the pipe and keep it open.
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(ctlLog.toFile())).start();
      // pg_ctl gives up by itself after -t; the margin only guards against pg_ctl itself hanging.
      if (!process.waitFor(timeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw failure(String.join(" ", command) + " did not finish within " + timeout.plusSeconds(5).toSeconds() + " s");
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command, e);
    }
  }

  private IllegalStateException failure(String what) {
    return new IllegalStateException(what
        + "\n--- pg_ctl output (" + ctlLog + "):\n" + tail(ctlLog)
        + "\n--- server log (" + serverLog + "):\n" + tail(serverLog));
  }

  private static String tail(Path file) {
    try {
      // Decoded leniently: a log line in another encoding must not hide the rest.
      List<String> lines = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(not readable: " + e + ")";
    }
  }

  private static String seconds(Duration timeout) {
    return String.valueOf(Math.max(1, timeout.toSeconds()));
  }
}
