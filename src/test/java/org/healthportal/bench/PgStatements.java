package org.healthportal.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.healthportal.support.TestEnv;

/**
 * PostgreSQL's own account of a phase, statement by statement ({@code pg_stat_statements}), asked
 * for with {@code -Dbench.pg-statements=true}: which statements a write runs, how often, and how
 * long each executes. Execution time only: parsing, the protocol and the commit's flush are not in it.
 */
final class PgStatements {

  private PgStatements() {}

  static boolean wanted() {
    return Boolean.getBoolean("bench.pg-statements");
  }

  /** Starts counting afresh (a no-op unless {@link #wanted}). */
  static void reset(TestEnv env) throws SQLException {
    if (!wanted()) return;
    try (Connection c = env.database()) {
      c.createStatement().execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      c.createStatement().execute("SELECT pg_stat_statements_reset()");
    }
  }

  /** The statements since {@link #reset}, costliest first, per {@code units} (signups, say); empty unless {@link #wanted}. */
  static String since(TestEnv env, int units, String unit) throws SQLException {
    if (!wanted()) return "";
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "PostgreSQL statements per %s (execution only):%n", unit));
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT calls, total_exec_time, rows, shared_blks_hit + shared_blks_read AS blocks, wal_records, query"
            + " FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 15")) {
      while (rs.next()) {
        String query = rs.getString("query").replaceAll("\\s+", " ");
        out.append(String.format(Locale.ROOT, "  %6.2f calls %7.1f µs %6.1f blocks %5.1f WAL records  %s%n",
            rs.getLong("calls") / (double) units, rs.getDouble("total_exec_time") * 1000 / units,
            rs.getLong("blocks") / (double) units, rs.getLong("wal_records") / (double) units,
            query.length() > 150 ? query.substring(0, 150) + "..." : query));
      }
    }
    return out.toString();
  }
}
