package org.healthportal.platform.db;

import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.Flyway;
import org.healthportal.platform.config.AppConfig;

/**
 * The PostgreSQL store of record: schema migrations (and the optional demo data set), then one
 * reactive pool. Both connections use the same TLS settings; migrations may run as a different
 * user (the schema owner) from the one that serves.
 */
public final class Database {

  /** Schema versions that were demo data before it became a data set of its own (db/demo). */
  private static final java.util.Set<String> FORMER_DEMO_MIGRATIONS = java.util.Set.of("4", "9");

  private Database() {}

  /**
   * Applies the versioned SQL migrations in {@code db/migration} (blocking; run before serving).
   * Uses JDBC because Flyway does, once, at start.
   */
  public static void migrate(AppConfig.Db db) {
    Flyway flyway = Flyway.configure()
        .dataSource(jdbcUrl(db), db.migrationUser(), db.migrationPassword())
        .locations("classpath:db/migration")
        // A database made before V4 and V9 moved to the demo data set has them in its history; any
        // other applied migration missing from this build is still an error (checked below).
        .ignoreMigrationPatterns("versioned:missing")
        .load();
    java.util.List<String> missing = java.util.Arrays.stream(flyway.info().applied())
        .filter(m -> m.getState() == org.flywaydb.core.api.MigrationState.MISSING_SUCCESS)
        .map(m -> m.getVersion().getVersion())
        .filter(v -> !FORMER_DEMO_MIGRATIONS.contains(v))
        .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("The database has schema migrations this build does not know: V" + String.join(", V", missing)
          + ". Is this an older build than the one that migrated it?");
    }
    flyway.migrate();
  }

  /**
   * Loads the demo data set ({@code db/demo}: facilities, tourism sites, teams), tracked in a
   * history table of its own so it loads once. Every insert skips rows that exist.
   */
  public static void loadDemoData(AppConfig.Db db) {
    Flyway.configure()
        .dataSource(jdbcUrl(db), db.migrationUser(), db.migrationPassword())
        .locations("classpath:db/demo")
        .table("flyway_demo_data_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /**
   * The pool, bounded so that a dead or frozen PostgreSQL makes requests fail fast instead of
   * queueing: a connection attempt gives up after {@code db.connect-timeout-ms}, a request waits at
   * most {@code db.acquire-timeout-ms} for a connection, at most {@code db.max-waiting} requests
   * wait at all, and the server cancels a statement after {@code db.statement-timeout-ms}.
   */
  public static Pool createPool(Vertx vertx, AppConfig.Db db) {
    return createPool(vertx, db, connectOptions(db), "health-portal");
  }

  /** A pool of the same size and bounds for the read replica at {@code url}. */
  static Pool createReplicaPool(Vertx vertx, AppConfig.Db db, String url) {
    return createPool(vertx, db, connectOptions(db, url), "health-portal-replica-" + url.hashCode());
  }

  private static Pool createPool(Vertx vertx, AppConfig.Db db, PgConnectOptions connectOptions, String name) {
    PgConnectOptions options = connectOptions.setCachePreparedStatements(true).setPipeliningLimit(256);
    options.addProperty("statement_timeout", String.valueOf(db.statementTimeout().toMillis()));
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(db.poolSize()).setShared(true).setName(name)
            .setConnectionTimeout((int) db.acquireTimeout().toMillis()).setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
            .setMaxWaitQueueSize(db.maxWaiting()))
        .with(new io.vertx.core.net.NetClientOptions().setConnectTimeout((int) db.connectTimeout().toMillis()))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  /** The reactive client's options: URL, serving user and TLS as {@code db.ssl-mode} asks. */
  static PgConnectOptions connectOptions(AppConfig.Db db) {
    return connectOptions(db, db.url().orElseThrow(() -> new IllegalStateException("db.url is not set")));
  }

  private static PgConnectOptions connectOptions(AppConfig.Db db, String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(db.user()).setPassword(db.password());
    options.setSslMode(SslMode.of(db.sslMode().libpqName()));
    if (db.sslMode() != AppConfig.SslMode.DISABLE) {
      ClientSSLOptions ssl = new ClientSSLOptions();
      if (db.sslRootCert().isPresent()) {
        ssl.setTrustOptions(new PemTrustOptions().addCertPath(db.sslRootCert().get().toString()));
      } else if (db.sslMode() == AppConfig.SslMode.PREFER || db.sslMode() == AppConfig.SslMode.REQUIRE) {
        // libpq's meaning: encrypt, but do not verify the server without a root certificate.
        ssl.setTrustAll(true);
      }
      // verify-full also checks that the certificate names the host; verify-ca only the chain.
      ssl.setHostnameVerificationAlgorithm(db.sslMode() == AppConfig.SslMode.VERIFY_FULL ? "HTTPS" : "");
      options.setSslOptions(ssl);
    }
    return options;
  }

  /** The JDBC URL of the migration connection, with the same TLS settings as the pool. */
  static String jdbcUrl(AppConfig.Db db) {
    PgConnectOptions opts = connectOptions(db);
    StringBuilder url = new StringBuilder("jdbc:postgresql://").append(opts.getHost()).append(':').append(opts.getPort())
        .append('/').append(opts.getDatabase()).append("?sslmode=").append(db.sslMode().libpqName());
    db.sslRootCert().ifPresent(cert ->
        url.append("&sslrootcert=").append(URLEncoder.encode(cert.toString(), StandardCharsets.UTF_8)));
    return url.toString();
  }
}
