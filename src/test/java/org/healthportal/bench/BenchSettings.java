package org.healthportal.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.healthportal.support.TestEnv;

/**
 * What every benchmark shares about PostgreSQL: it runs with production durability, and the run
 * prints the settings it measured, so numbers from different runs can be compared knowingly.
 */
final class BenchSettings {

  private static final List<String> SHOWN = List.of("server_version", "synchronous_commit", "fsync", "shared_buffers", "max_connections");

  private BenchSettings() {}

  /**
   * The measured server's JVM options ({@code -Dbench.server-jvm}): a fixed heap, G1 with a short
   * pause goal, and marking started by a fixed old-generation occupancy, as the container image
   * does (the adaptive threshold started a marking cycle every few seconds over an old generation
   * that did not grow, each with a 6-10 ms remark pause). A 768 MB heap halved the young
   * collections but two directory runs on it stalled for a second or more in open-loop phases.
   */
  static List<String> serverJvm() {
    String options = System.getProperty("bench.server-jvm", "");
    return List.of((options.isBlank() ? DEFAULT_SERVER_JVM : options).trim().split(" +"));
  }

  static final String DEFAULT_SERVER_JVM =
      "-Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=5 -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=70";

  /**
   * The run's services, with PostgreSQL committing as in production ({@code synchronous_commit} and
   * {@code fsync} on): the tests' settings skip waiting for the disk, which flatters every write.
   * With {@code -Dbench.pg-statements=true} PostgreSQL also counts its statements ({@link PgStatements}).
   */
  static TestEnv env() {
    System.setProperty("testenv.durable-postgres", "true");
    System.setProperty("testenv.fixtures-only", "true");
    if (PgStatements.wanted()) System.setProperty("testenv.pg-stat-statements", "true");
    return TestEnv.get();
  }

  /** A benchmark's body. */
  interface Run {
    void run() throws Exception;
  }

  /**
   * Runs a benchmark and ends the JVM: 0 when it finished, 1 (after the stack trace) when it threw.
   * The services' threads would otherwise keep the JVM, and the run, alive.
   */
  static void runAndExit(Run benchmark) {
    try {
      benchmark.run();
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** Prints one line with the PostgreSQL settings of this run. */
  static void print(TestEnv env) throws SQLException {
    StringBuilder line = new StringBuilder("PostgreSQL:");
    try (Connection c = env.database()) {
      for (String setting : SHOWN) {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
          rs.next();
          line.append(' ').append(setting).append('=').append(rs.getString(1));
        }
      }
    }
    System.out.println(line);
  }
}
