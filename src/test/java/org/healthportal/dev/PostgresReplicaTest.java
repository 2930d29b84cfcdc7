package org.healthportal.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite's streaming read replica of its PostgreSQL (issue 14), which the read-routing tests
 * build on: it holds what the primary committed, refuses writes, can be held behind on purpose,
 * and catches up after being stopped. Each test leaves it running with no delay, as it is shared.
 */
class PostgresReplicaTest {

  private static final Duration CATCH_UP = Duration.ofSeconds(20);
  private static final Duration DELAY = Duration.ofSeconds(2);

  private final TestEnv env = TestEnv.get();
  private final PostgresReplica replica = env.replica();

  @BeforeAll
  static void createTable() throws SQLException {
    execute("CREATE SCHEMA IF NOT EXISTS replica_smoke; CREATE TABLE IF NOT EXISTS replica_smoke.note (token text PRIMARY KEY)");
  }

  @AfterAll
  static void dropTable() throws SQLException {
    execute("DROP SCHEMA replica_smoke CASCADE");
  }

  @AfterEach
  void putTheReplicaBack() {
    replica.start();
    replica.setApplyDelay(Duration.ZERO);
  }

  @Test
  void aRowCommittedOnThePrimaryIsReadOnTheReplica() throws SQLException {
    String token = writeOnPrimary();
    replica.awaitCaughtUp(CATCH_UP);

    assertThat(onReplica(token)).as("the row on the replica").isTrue();
    try (Connection c = replica.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("the replica is a standby, not a second primary").isTrue();
    }
    try (Connection c = env.postgres.connect();
         PreparedStatement ps = c.prepareStatement("SELECT state FROM pg_stat_replication WHERE application_name = ?")) {
      ps.setString(1, replica.name());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("the primary streams to the replica").isTrue();
        assertThat(rs.getString("state")).isEqualTo("streaming");
      }
    }
  }

  @Test
  void theReplicaRefusesWrites() throws SQLException {
    try (Connection c = replica.connect(); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("INSERT INTO replica_smoke.note VALUES ('written on the replica')"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("read_only_sql_transaction").isEqualTo("25006"));
    }
  }

  @Test
  void underAnApplyDelayAFreshCommitReachesTheReplicaOnlyAfterTheDelay() throws SQLException {
    replica.awaitCaughtUp(CATCH_UP);
    replica.setApplyDelay(DELAY);

    String token = writeOnPrimary();
    long committedAt = System.nanoTime();
    assertThat(onPrimary(token)).as("the primary has the row at once").isTrue();
    assertThat(onReplica(token)).as("the replica holds the row back").isFalse();
    assertThatThrownBy(() -> replica.awaitCaughtUp(Duration.ofMillis(300)))
        .as("waiting less than the delay fails, saying how far the replica got")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replayed up to");

    replica.awaitCaughtUp(CATCH_UP);
    long waitedMillis = (System.nanoTime() - committedAt) / 1_000_000;
    assertThat(onReplica(token)).as("the row after the delay").isTrue();
    // The delay counts from the commit on the primary, a moment before committedAt.
    assertThat(waitedMillis).as("ms until the replica had the row").isGreaterThan(DELAY.toMillis() - 200);
  }

  @Test
  void aStoppedReplicaRefusesConnectionsAtOnceAndCatchesUpWhenStartedAgain() throws SQLException {
    replica.stop();
    long start = System.nanoTime();
    assertThatThrownBy(replica::connect).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("connection refused").isEqualTo("08001"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to fail").isLessThan(Duration.ofSeconds(3));

    String token = writeOnPrimary();
    replica.start();
    replica.awaitCaughtUp(CATCH_UP);
    assertThat(onReplica(token)).as("the row written while the replica was down").isTrue();
  }

  private String writeOnPrimary() throws SQLException {
    String token = UUID.randomUUID().toString();
    try (Connection c = env.postgres.connect();
         PreparedStatement ps = c.prepareStatement("INSERT INTO replica_smoke.note VALUES (?)")) {
      ps.setString(1, token);
      ps.executeUpdate();
    }
    return token;
  }

  private boolean onPrimary(String token) throws SQLException {
    try (Connection c = env.postgres.connect()) {
      return holds(c, token);
    }
  }

  private boolean onReplica(String token) throws SQLException {
    try (Connection c = replica.connect()) {
      return holds(c, token);
    }
  }

  private static boolean holds(Connection c, String token) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM replica_smoke.note WHERE token = ?")) {
      ps.setString(1, token);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = TestEnv.get().postgres.connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
