package org.healthportal.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.replication.LogSequenceNumber;

/**
 * A real streaming read replica (hot standby) of an {@link EmbeddedPostgresServer} on this machine,
 * made from a base backup of the running primary (see {@link BaseBackup}) and run with the
 * primary's own binaries. It is bound to 127.0.0.1, trusts local users like the primary, and reads
 * the primary's WAL through a physical replication slot, so it catches up after being stopped.
 */
public final class PostgresReplica implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration SETTING_TIMEOUT = Duration.ofSeconds(10);
  private static final AtomicInteger REPLICAS = new AtomicInteger();

  private final EmbeddedPostgresServer primary;
  private final int port;
  private final String name;
  /** Holds the data directory and the logs; deleted on close. */
  private final Path home;
  private final PgCtl pgCtl;
  private boolean closed;

  private PostgresReplica(EmbeddedPostgresServer primary, int port, String name, Path home, PgCtl pgCtl) {
    this.primary = primary;
    this.port = port;
    this.name = name;
    this.home = home;
    this.pgCtl = pgCtl;
  }

  /**
   * A replica of {@code primary} on any free port, started: it holds at least what the primary had
   * committed when it was copied ({@link #awaitCaughtUp} for later commits).
   */
  public static PostgresReplica of(EmbeddedPostgresServer primary) {
    return of(primary, 0);
  }

  /** The same on {@code port} (0 = any free port). Fails within about a minute, with the server's log. */
  public static PostgresReplica of(EmbeddedPostgresServer primary, int port) {
    // Slot names allow lower-case letters, digits and underscores; the pid keeps runs apart.
    String name = "replica_" + ProcessHandle.current().pid() + "_" + REPLICAS.incrementAndGet();
    int replicaPort = port > 0 ? port : anyFreePort();
    Path home;
    try {
      home = Files.createTempDirectory("pg-replica-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a folder for the replica", e);
    }
    Path dataDir = home.resolve("data");
    PgCtl pgCtl;
    try (Connection c = primary.connect()) {
      PrimaryServer source = PrimaryServer.inspect(c);
      // PostgreSQL refuses a data directory that others may read.
      Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      // Created before the backup starts, the slot keeps every WAL segment the standby will ask for.
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_create_physical_replication_slot(?, true)")) {
        ps.setString(1, name);
        ps.execute();
      }
      BaseBackup.copy(c, source.dataDir(), dataDir);
      StandbyConfig.write(dataDir, source.commandLineSettings(), replicaPort, primary.port(), name);
      pgCtl = new PgCtl(source.binDir(), dataDir, home);
    } catch (SQLException | IOException | RuntimeException e) {
      dropSlot(primary, name);
      deleteTree(home);
      throw new IllegalStateException("Could not make a replica of the PostgreSQL on port " + primary.port() + ": " + e.getMessage(), e);
    }
    PostgresReplica replica = new PostgresReplica(primary, replicaPort, name, home, pgCtl);
    Runtime.getRuntime().addShutdownHook(new Thread(replica::close, "pg-replica-stop-" + replicaPort));
    try {
      replica.start();
    } catch (RuntimeException e) {
      replica.close();
      throw e;
    }
    return replica;
  }

  public int port() {
    return port;
  }

  /** A {@code postgresql://} URL like the primary's. */
  public String url() {
    return EmbeddedPostgresServer.url(port);
  }

  /** Its replication slot on the primary, and its application_name in the primary's pg_stat_replication. */
  public String name() {
    return name;
  }

  /** A JDBC connection to the replica, as the superuser; it fails within 5 s while the replica is down. */
  public Connection connect() throws SQLException {
    return EmbeddedPostgresServer.connect(port);
  }

  /**
   * Starts the replica (again) on its data directory; it then replays what the primary wrote
   * meanwhile. Starting a running replica is fine.
   */
  public synchronized void start() {
    if (closed) throw new IllegalStateException("The replica on port " + port + " is closed");
    if (!pgCtl.isRunning()) pgCtl.start(START_TIMEOUT);
  }

  /** Stops the replica; its port refuses connections until {@link #start()}. Stopping twice is fine. */
  public synchronized void stop() {
    if (pgCtl.isRunning()) pgCtl.stop(STOP_TIMEOUT);
  }

  /**
   * Holds each transaction back on the replica until {@code delay} after it committed on the
   * primary ({@code recovery_min_apply_delay}); {@link Duration#ZERO} replays at once again. Returns
   * once the server has taken the setting.
   */
  public void setApplyDelay(Duration delay) {
    if (delay.isNegative()) throw new IllegalArgumentException("A negative apply delay: " + delay);
    try (Connection c = connect(); Statement st = c.createStatement()) {
      // ALTER SYSTEM only writes postgresql.auto.conf, so a standby accepts it.
      st.execute(delay.isZero()
          ? "ALTER SYSTEM RESET recovery_min_apply_delay"
          : "ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms'");
      st.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set the apply delay of the replica on port " + port, e);
    }
    awaitApplyDelay(delay.toMillis());
  }

  /**
   * The reload is asynchronous. New sessions are forked from the postmaster, so once one sees the
   * value the postmaster has reloaded, and it has signalled the startup process that replays WAL.
   */
  private void awaitApplyDelay(long millis) {
    Deadline deadline = new Deadline(SETTING_TIMEOUT);
    while (true) {
      try (Connection c = connect(); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT setting FROM pg_settings WHERE name = 'recovery_min_apply_delay'")) {
        rs.next();
        if (Long.parseLong(rs.getString(1)) == millis) return;
      } catch (SQLException e) {
        throw new IllegalStateException("Could not read the apply delay of the replica on port " + port, e);
      }
      deadline.pause("The replica on port " + port + " did not take the apply delay of " + millis + " ms");
    }
  }

  /** How far the replica has replayed the primary's WAL. */
  public LogSequenceNumber replayLsn() {
    try (Connection c = connect()) {
      return replayLsn(c);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not ask the replica on port " + port + " how far it has replayed", e);
    }
  }

  private LogSequenceNumber replayLsn(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn()::text")) {
      rs.next();
      if (rs.getString(1) == null) throw new IllegalStateException("The server on port " + port + " is not replaying WAL (not a standby?)");
      return LogSequenceNumber.valueOf(rs.getString(1));
    }
  }

  /**
   * Waits until the replica has replayed everything the primary had written when called, so every
   * transaction committed before is visible on the replica. Under an apply delay this takes the delay.
   */
  public void awaitCaughtUp(Duration timeout) {
    Deadline deadline = new Deadline(timeout);
    try (Connection c = connect()) {
      long target;
      try (Connection p = primary.connect()) {
        target = PrimaryServer.endOfWal(p);
      }
      while (true) {
        LogSequenceNumber replayed = replayLsn(c);
        if (replayed.asLong() >= target) return;
        deadline.pause("The replica on port " + port + " replayed up to " + replayed + ", short of the primary's "
            + LogSequenceNumber.valueOf(target) + " (an apply delay? the server log is in " + home + ")");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not compare the replica on port " + port + " with its primary", e);
    }
  }

  /** Stops the replica, drops its slot on the primary and deletes its folder. Closing twice is fine. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      stop();
    } finally {
      dropSlot(primary, name);
      deleteTree(home);
    }
  }

  /**
   * Drops the slot, or the primary would keep WAL for it forever. The primary's sender for a
   * replica that just stopped lingers a moment, and an active slot cannot be dropped.
   */
  private static void dropSlot(EmbeddedPostgresServer primary, String slot) {
    Deadline deadline = new Deadline(Duration.ofSeconds(10));
    try (Connection c = primary.connect();
         PreparedStatement active = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?");
         PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      active.setString(1, slot);
      drop.setString(1, slot);
      while (true) {
        try (ResultSet rs = active.executeQuery()) {
          if (!rs.next()) return;
          if (!rs.getBoolean(1)) {
            drop.execute();
            return;
          }
        }
        deadline.pause("The replication slot " + slot + " stayed in use");
      }
    } catch (SQLException | IllegalStateException e) {
      // At exit the primary may be gone already, and with it the slot.
      System.err.println("Could not drop the replication slot " + slot + ": " + e.getMessage());
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) return;
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + root, e);
    }
  }

  private static int anyFreePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port for the replica", e);
    }
  }
}
