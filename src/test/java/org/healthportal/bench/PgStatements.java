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
      c.createStatement().execute("SELECT pg_stat_reset_shared('wal')");
    }
  }

  /** The statements since {@link #reset}, costliest first, per {@code units} (signups, say); empty unless {@link #wanted}. */
  static String since(TestEnv env, int units, String unit) throws SQLException {
    if (!wanted()) return "";
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "PostgreSQL statements per %s (execution only):%n", unit));
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT calls, total_exec_time, total_plan_time, plans, rows, shared_blks_hit + shared_blks_read AS blocks, wal_records, query"
            + " FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 15")) {
      while (rs.next()) {
        String query = rs.getString("query").replaceAll("\\s+", " ");
        out.append(String.format(Locale.ROOT, "  %6.2f calls %7.1f µs %6.2f plans %6.1f µs planning %6.1f blocks %5.1f WAL records  %s%n",
            rs.getLong("calls") / (double) units, rs.getDouble("total_exec_time") * 1000 / units,
            rs.getLong("plans") / (double) units, rs.getDouble("total_plan_time") * 1000 / units,
            rs.getLong("blocks") / (double) units, rs.getLong("wal_records") / (double) units,
            query.length() > 150 ? query.substring(0, 150) + "..." : query));
      }
    }
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT wal_records, wal_bytes, wal_write, wal_sync, wal_buffers_full FROM pg_stat_wal")) {
      rs.next();
      out.append(String.format(Locale.ROOT, "  WAL per %s: %.1f records, %.0f bytes, %.2f writes, %.2f flushes, %.2f buffers full%n", unit,
          rs.getLong(1) / (double) units, rs.getDouble(2) / units, rs.getLong(3) / (double) units, rs.getLong(4) / (double) units,
          rs.getLong(5) / (double) units));
    }
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_dead_tup, n_live_tup, pg_relation_size(relid), pg_indexes_size(relid),"
            + " autovacuum_count, autoanalyze_count FROM pg_stat_user_tables WHERE n_tup_ins + n_tup_upd > 0 ORDER BY n_tup_upd + n_tup_ins DESC LIMIT 8")) {
      out.append("  tables (since the server started): inserted, updated (HOT), dead/live, heap and index KB, autovacuums/analyzes\n");
      while (rs.next()) {
        out.append(String.format(Locale.ROOT, "    %-22s %8d %8d (%d) %8d/%d %8d %8d %d/%d%n", rs.getString(1), rs.getLong(2), rs.getLong(3),
            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7) / 1024, rs.getLong(8) / 1024, rs.getLong(9), rs.getLong(10)));
      }
    }
    return out.toString();
  }
}
