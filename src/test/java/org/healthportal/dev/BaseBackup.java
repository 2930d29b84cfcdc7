package org.healthportal.dev;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A base backup of a running PostgreSQL on this machine, made with the low-level API
 * ({@code pg_backup_start} / copy the files / {@code pg_backup_stop}), as the PostgreSQL manual's
 * "Making a Base Backup Using the Low Level API" describes. The test primary's binaries have no
 * {@code pg_basebackup}, and an older one from the system refuses a newer server.
 *
 * <p>The copy holds no WAL: the standby started from it streams what it needs from the primary,
 * which keeps that WAL for a replication slot created before the backup starts.
 */
final class BaseBackup {

  /** Directories whose contents the server recreates or must not share; they are copied empty. */
  private static final Set<String> COPIED_EMPTY = Set.of(
      "pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

  /** Files of the running primary that would mislead the copy (its lock, its command line, caches). */
  private static final Set<String> SKIPPED_FILES = Set.of(
      "postmaster.pid", "postmaster.opts", "pg_internal.init", "backup_label", "tablespace_map",
      "postgresql.auto.conf.tmp", "current_logfiles", "epg-lock");

  /** Copied last, as pg_basebackup does, so it is the newest file in the copy. */
  private static final Path CONTROL_FILE = Path.of("global", "pg_control");

  private BaseBackup() {}

  /**
   * Copies the data directory of the server behind {@code primary} (a superuser session, kept
   * open for the whole backup) into {@code target}, and writes the {@code backup_label} the
   * server hands back.
   */
  static void copy(Connection primary, Path primaryDataDir, Path target) throws SQLException, IOException {
    try (Statement st = primary.createStatement()) {
      // 'fast' = an immediate checkpoint rather than a spread one: the suite waits for it.
      st.execute("SELECT pg_backup_start('replica', true)");
      boolean stopped = false;
      try {
        copyTree(primaryDataDir, target);
        Files.copy(primaryDataDir.resolve(CONTROL_FILE), target.resolve(CONTROL_FILE));
        // Nothing is archived here: the standby streams the WAL, so there is nothing to wait for.
        try (ResultSet rs = st.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
          stopped = true;
          rs.next();
          String tablespaceMap = rs.getString("spcmapfile");
          if (tablespaceMap != null && !tablespaceMap.isBlank()) {
            // The copy would point at the primary's own tablespace folders, and the two servers would share them.
            throw new IllegalStateException("The primary has tablespaces outside its data directory; the replica cannot copy them");
          }
          Files.writeString(target.resolve("backup_label"), rs.getString("labelfile"));
        }
      } finally {
        if (!stopped) abandon(st);
      }
    }
  }

  /** Ends a backup that failed half way, so the primary is not left in backup mode. */
  private static void abandon(Statement st) {
    try {
      st.execute("SELECT pg_backup_stop(false)");
    } catch (SQLException ignored) {
      // the session ends with the connection, and that ends the backup too
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Path relative = source.relativize(dir);
        if (isTempFile(dir)) return FileVisitResult.SKIP_SUBTREE;
        Files.createDirectories(target.resolve(relative));
        if (COPIED_EMPTY.contains(relative.toString())) return FileVisitResult.SKIP_SUBTREE;
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path relative = source.relativize(file);
        if (attrs.isSymbolicLink()) {
          throw new IllegalStateException("The primary's data directory has a symbolic link (" + relative + "); the replica copies plain folders only");
        }
        if (SKIPPED_FILES.contains(file.getFileName().toString()) || isTempFile(file) || relative.equals(CONTROL_FILE)) {
          return FileVisitResult.CONTINUE;
        }
        try {
          Files.copy(file, target.resolve(relative));
        } catch (NoSuchFileException droppedMeanwhile) {
          // The primary keeps running during the backup; WAL replay recreates what the copy misses.
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
        throw e;
      }
    });
  }

  private static boolean isTempFile(Path path) {
    return path.getFileName() != null && path.getFileName().toString().startsWith("pgsql_tmp");
  }
}
