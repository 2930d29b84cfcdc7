package org.healthportal.dev;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.replication.LogSequenceNumber;

/**
 * What a replica needs to know about the running primary, asked over SQL: the embedded library
 * keeps its binaries and data directory to itself.
 *
 * @param binDir where {@code pg_ctl} and {@code postgres} are (relocated binaries report their own place)
 * @param dataDir the directory to copy
 * @param commandLineSettings the settings the primary was started with ({@code -c}); a standby
 *     needs some of them at least as high (max_connections), and the rest keeps the two alike
 */
record PrimaryServer(Path binDir, Path dataDir, Map<String, String> commandLineSettings) {

  /** Chosen for the replica itself. */
  private static final List<String> OWN_SETTINGS = List.of("port", "listen_addresses");

  /** WAL page header sizes (XLogPageHeaderData, and the long one opening each segment), 64-bit. */
  private static final int SHORT_PAGE_HEADER = 24;
  private static final int LONG_PAGE_HEADER = 40;

  static PrimaryServer inspect(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      String walLevel = single(st, "SHOW wal_level");
      if (walLevel.equals("minimal")) throw new IllegalStateException("The primary has wal_level = minimal; a standby needs replica or logical");
      Path binDir = Path.of(single(st, "SELECT setting FROM pg_config WHERE name = 'BINDIR'"));
      Path dataDir = Path.of(single(st, "SHOW data_directory"));
      Map<String, String> settings = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT name, setting FROM pg_settings WHERE source = 'command line' ORDER BY name")) {
        while (rs.next()) {
          if (!OWN_SETTINGS.contains(rs.getString(1))) settings.put(rs.getString(1), rs.getString(2));
        }
      }
      return new PrimaryServer(binDir, dataDir, settings);
    }
  }

  /**
   * Where the primary's last WAL record ends, in the terms a standby's replay position uses. The
   * insert position points past the next page's header when the last record filled its page
   * exactly, while replay stops at the page boundary; no record lives in a header, so it is left out.
   */
  static long endOfWal(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT pg_current_wal_insert_lsn()::text, current_setting('wal_block_size')::bigint,"
            + " (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size')")) {
      rs.next();
      long lsn = LogSequenceNumber.valueOf(rs.getString(1)).asLong();
      long pageSize = rs.getLong(2);
      long segmentSize = rs.getLong(3);
      long header = lsn % segmentSize < pageSize ? LONG_PAGE_HEADER : SHORT_PAGE_HEADER;
      return lsn % pageSize == header ? lsn - header : lsn;
    }
  }

  private static String single(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
