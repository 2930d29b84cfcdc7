package org.healthportal.platform.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.healthportal.platform.config.AppConfig;

/** The PostgreSQL store of record: schema migrations at start, then one reactive pool. */
public final class Database {

  private Database() {}

  /**
   * Applies the versioned SQL migrations in {@code db/migration} (blocking; run before serving).
   * Uses JDBC because Flyway does, once, at start.
   */
  public static void migrate(AppConfig.Db db) {
    PgConnectOptions opts = connectOptions(db);
    String jdbcUrl = "jdbc:postgresql://" + opts.getHost() + ":" + opts.getPort() + "/" + opts.getDatabase();
    Flyway.configure()
        .dataSource(jdbcUrl, db.user(), db.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  public static Pool createPool(Vertx vertx, AppConfig.Db db) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(db.poolSize()).setShared(true).setName("health-portal"))
        .connectingTo(connectOptions(db).setCachePreparedStatements(true).setPipeliningLimit(256))
        .using(vertx)
        .build();
  }


  private static PgConnectOptions connectOptions(AppConfig.Db db) {
    String url = db.url().orElseThrow(() -> new IllegalStateException("db.url is not set"));
    return PgConnectOptions.fromUri(url).setUser(db.user()).setPassword(db.password());
  }
}
