package org.healthportal.fuzz;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;

/**
 * The instance the fuzzer hammers: the run's PostgreSQL, Redis and Keycloak, but a database of its
 * own (migrated, with the demo data) and a Redis database of its own. Thousands of valid requests
 * create teams, listings and contracts with made-up values; none of it may reach the data, caches
 * and rate-limit counts the other test classes read.
 */
record FuzzTarget(TestEnv.Instance instance, String jdbcUrl) {

  static FuzzTarget start(TestEnv env) throws SQLException {
    String database = "fuzz_" + Long.toHexString(System.nanoTime());
    try (Connection c = env.database(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    }
    int pg = env.postgres.port();
    TestEnv.Instance instance = env.startApp(Map.of(
        "db.url", "postgresql://127.0.0.1:" + pg + "/" + database,
        "redis.url", env.redis.url() + "/1"));
    return new FuzzTarget(instance, "jdbc:postgresql://127.0.0.1:" + pg + "/" + database);
  }

  Http http() {
    return instance.http();
  }

  int port() {
    return URI.create(instance.http().baseUrl()).getPort();
  }

  Connection database() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
  }

  void stop() {
    instance.app().stop();
  }
}
