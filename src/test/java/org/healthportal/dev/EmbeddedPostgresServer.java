package org.healthportal.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A real PostgreSQL server from Maven Central binaries (zonky), for local runs and tests.
 * With a data directory the data survives restarts; without one it lives in a temp folder.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /**
   * Production durability: every commit waits until its WAL is on disk. The builder's defaults turn
   * {@code synchronous_commit} off, and a throw-away data directory turns {@code fsync} off, which
   * flatters every write; benchmarks ask for this instead.
   */
  public static final java.util.Map<String, String> DURABLE = java.util.Map.of("fsync", "on", "synchronous_commit", "on");

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts on {@code port} (0 = any free port), keeping data in {@code dataDir} when not null. */
  public static EmbeddedPostgresServer start(int port, Path dataDir) {
    return start(port, dataDir, java.util.Map.of());
  }

  /** The same with extra {@code postgresql.conf} settings (TLS, say). */
  public static EmbeddedPostgresServer start(int port, Path dataDir, java.util.Map<String, String> serverConfig) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "200")
          .setServerConfig("fsync", dataDir == null ? "off" : "on");
      serverConfig.forEach(builder::setServerConfig);
      if (port > 0) builder.setPort(port);
      if (dataDir != null) {
        Files.createDirectories(dataDir);
        builder.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
      }
      return new EmbeddedPostgresServer(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** A {@code postgresql://} URL for the default database; the embedded server trusts local users. */
  public String url() {
    return url(port());
  }

  /** The same URL for another server of this machine that trusts local users (a replica of this one). */
  static String url(int port) {
    return "postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** A JDBC connection to the default database as the superuser. */
  public Connection connect() throws SQLException {
    return connect(port());
  }

  /**
   * The same for another server of this machine on {@code port}. Connecting gives up after 5 s and
   * a statement after 60 s, so a server that is down or stuck fails the caller instead of hanging it.
   */
  static Connection connect(int port) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    properties.setProperty("password", "postgres");
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("socketTimeout", "60");
    return DriverManager.getConnection("jdbc:" + url(port), properties);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
