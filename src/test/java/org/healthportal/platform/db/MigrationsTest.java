package org.healthportal.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.healthportal.dev.DevSettings;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.config.ConfigLoader;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * The schema and the demo data set on a database of their own: a database migrated by an earlier
 * layout, where the demo facilities and sites were schema versions 4 and 9, still migrates; any other
 * applied version this build lacks stops the start; the demo data set loads once and is idempotent.
 */
class MigrationsTest {

  private final TestEnv env = TestEnv.get();

  @Test
  void aDatabaseFromTheEarlierLayoutMigratesAndTheDemoSetLoadsOnce() throws Exception {
    String name = "legacy_" + Long.toHexString(System.nanoTime());
    try (Connection c = env.database(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    AppConfig.Db db = ConfigLoader.load(DevSettings.environment(Map.of()), Map.of(
        "db.url", "postgresql://127.0.0.1:" + env.postgres.port() + "/" + name, "db.user", "postgres", "db.password", "postgres")).db();
    Database.migrate(db);
    assertThat(count(name, "SELECT count(*) FROM facility")).as("the schema alone holds no demo rows").isZero();
    Database.loadDemoData(db);
    long facilities = count(name, "SELECT count(*) FROM facility WHERE demo");
    long sites = count(name, "SELECT count(*) FROM tourism_site WHERE demo");
    long teams = count(name, "SELECT count(*) FROM team");
    assertThat(facilities).isEqualTo(480);
    assertThat(sites).isEqualTo(70);
    assertThat(teams).isPositive();
    assertThat(count(name, "SELECT count(*) FROM outbox WHERE published_at IS NULL")).as("no partner is told of demo data").isZero();

    // The history an earlier layout left: versions 4 and 9 applied, their files gone from this build.
    execute(name, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by,"
        + " execution_time, success) VALUES (100, '4', 'demo facilities', 'JDBC', 'db.migration.V4__demo_facilities', NULL, 'postgres', 1, true),"
        + " (101, '9', 'tourism demo sites', 'SQL', 'V9__tourism_demo_sites.sql', 123, 'postgres', 1, true)");
    Database.migrate(db);
    Database.loadDemoData(db);
    assertThat(count(name, "SELECT count(*) FROM facility WHERE demo")).isEqualTo(facilities);
    assertThat(count(name, "SELECT count(*) FROM tourism_site WHERE demo")).isEqualTo(sites);

    execute(name, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by,"
        + " execution_time, success) VALUES (102, '11.5', 'lost', 'SQL', 'V11_5__lost.sql', 1, 'postgres', 1, true)");
    assertThatThrownBy(() -> Database.migrate(db)).hasMessageContaining("V11.5").hasMessageContaining("does not know");
  }

  private long count(String database, String sql) throws Exception {
    try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void execute(String database, String sql) throws Exception {
    try (Connection c = connect(database); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private Connection connect(String database) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + env.postgres.port() + "/" + database, "postgres", "postgres");
  }
}
