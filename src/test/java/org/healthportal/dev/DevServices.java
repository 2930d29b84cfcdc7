package org.healthportal.dev;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.healthportal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts local stand-ins for whatever the configuration leaves empty: PostgreSQL, Redis, Keycloak.
 * All three are the real servers, bound to loopback. Returns the configuration keys that point the
 * application at them.
 */
public final class DevServices {

  private static final Logger LOG = LoggerFactory.getLogger(DevServices.class);

  private DevServices() {}

  /** Starts what is missing (persistent data under {@code dev.data-dir}) and returns config overrides. */
  public static Map<String, String> startMissing(AppConfig config) {
    Map<String, String> overrides = new HashMap<>();
    Path dataDir = DevSettings.dataDir();

    KeycloakDevServer keycloak = null;
    if (config.auth().realmUrl().isEmpty()) {
      // Keycloak is the slow one: launch it first so it boots while PostgreSQL and Redis start.
      keycloak = KeycloakDevServer.launch(dataDir, DevSettings.keycloakPort(), DevSettings.keycloakPort() + 1000, true);
    }
    if (config.db().url().isEmpty()) {
      EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(DevSettings.postgresPort(), dataDir.resolve("pgdata"));
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "postgres-stop"));
      LOG.info("Embedded PostgreSQL on port {} (data: {})", pg.port(), dataDir.resolve("pgdata"));
      overrides.put("db.url", pg.url());
      overrides.put("db.user", "postgres");
      overrides.put("db.password", "postgres");
    }
    if (!config.redis().configured()) {
      EmbeddedRedisServer redis = EmbeddedRedisServer.start(DevSettings.redisPort());
      Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "redis-stop"));
      LOG.info("Embedded Redis on port {}", redis.port());
      overrides.put("redis.url", redis.url());
    }
    if (keycloak != null) {
      keycloak.awaitReady(config.auth().discoveryTimeout());
      LOG.info("Keycloak ready: {} (admin console {}/admin, admin/admin)", keycloak.realmUrl(), keycloak.baseUrl());
      overrides.put("auth.realm-url", keycloak.realmUrl());
    }
    return overrides;
  }

}
