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
   * The run's services, with PostgreSQL committing as in production ({@code synchronous_commit} and
   * {@code fsync} on): the tests' settings skip waiting for the disk, which flatters every write.
   */
  static TestEnv env() {
    System.setProperty("testenv.durable-postgres", "true");
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
