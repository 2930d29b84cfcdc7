package org.healthportal.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** Turns a base backup into a hot standby that streams from the primary. */
final class StandbyConfig {

  private StandbyConfig() {}

  /**
   * Writes {@code standby.signal} and appends the replica's settings to its copy of
   * {@code postgresql.conf} (later lines win). The apply delay is not set here: it goes to
   * {@code postgresql.auto.conf} through ALTER SYSTEM, which overrides this file.
   */
  static void write(Path dataDir, Map<String, String> primarySettings, int port, int primaryPort, String slot) throws IOException {
    Files.createFile(dataDir.resolve("standby.signal"));
    StringBuilder conf = new StringBuilder("\n# Streaming replica of the test primary on port " + primaryPort + " (PostgresReplica)\n");
    primarySettings.forEach((name, value) -> line(conf, name, value));
    line(conf, "port", String.valueOf(port));
    line(conf, "listen_addresses", "127.0.0.1");
    line(conf, "hot_standby", "on");
    // Vacuum on the primary then spares rows the replica's queries still read, instead of the
    // replica pausing replay (up to 30 s) or cancelling those queries.
    line(conf, "hot_standby_feedback", "on");
    // The primary trusts local users for replication too (the embedded server's pg_hba.conf).
    line(conf, "primary_conninfo", "host=127.0.0.1 port=" + primaryPort + " user=postgres application_name=" + slot + " connect_timeout=5");
    line(conf, "primary_slot_name", slot);
    Files.writeString(dataDir.resolve("postgresql.conf"), conf, StandardOpenOption.APPEND);
  }

  private static void line(StringBuilder conf, String name, String value) {
    conf.append(name).append(" = '").append(value.replace("'", "''")).append("'\n");
  }
}
