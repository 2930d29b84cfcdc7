package org.healthportal.dev;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.healthportal.platform.config.ConfigLoader;

/**
 * The settings of a laptop: development mode, the development keys (published here, so production
 * refuses them), text logs, the demo clients, no shutdown grace (no load balancer to wait for).
 * They sit below the real environment: an {@code HP_*} variable still wins. Where the embedded
 * servers keep their data and listen is set with system properties ({@code -Ddev.data-dir=...}).
 */
public final class DevSettings {

  /** The development PII keys; {@code ProductionRules} knows their fingerprints and refuses them. */
  public static final String PII_KEYS = "dev1:N3vnStramTXXkfJCN8VpjvS9Z/1VOy4ffO1+GEgzX7k=";
  public static final String PII_HASH_KEY = "QhPdO9mgASv7R+yzCfreg2vM5SAGBZ0YG4QlrT8dlio=";
  /** The realm export's secret of the console's client; {@code ProductionRules} refuses it too. */
  public static final String CONSOLE_CLIENT_SECRET = "portal-console-dev-secret";

  private DevSettings() {}

  /** Setting keys and their development values (keys as in application.properties). */
  public static Map<String, String> defaults() {
    Map<String, String> settings = new HashMap<>();
    settings.put("mode", "development");
    settings.put("pii.keys", PII_KEYS);
    settings.put("pii.active-key-id", "dev1");
    settings.put("pii.hash-key", PII_HASH_KEY);
    settings.put("log.format", "text");
    settings.put("console.client-secret", CONSOLE_CLIENT_SECRET);
    settings.put("auth.allowed-clients", "portal-mobile,portal-dev,portal-partner-demo");
    settings.put("shutdown.grace-seconds", "0");
    settings.put("shutdown.drain-seconds", "10");
    return settings;
  }

  /** The development settings as environment variables, overlaid by the real environment. */
  public static Map<String, String> environment(Map<String, String> real) {
    Map<String, String> env = new HashMap<>();
    defaults().forEach((key, value) -> env.put(ConfigLoader.envName(key), value));
    env.putAll(real);
    return env;
  }

  public static Path dataDir() {
    return ProjectPaths.root().resolve(System.getProperty("dev.data-dir", ".local"));
  }

  public static int postgresPort() {
    return Integer.getInteger("dev.postgres-port", 54329);
  }

  public static int redisPort() {
    return Integer.getInteger("dev.redis-port", 63790);
  }

  public static int keycloakPort() {
    return Integer.getInteger("dev.keycloak-port", 8180);
  }
}
