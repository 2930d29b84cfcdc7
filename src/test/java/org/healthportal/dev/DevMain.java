package org.healthportal.dev;

import java.util.HashMap;
import java.util.Map;
import org.healthportal.App;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.config.ConfigException;
import org.healthportal.platform.config.ConfigLoader;
import org.healthportal.platform.logging.Logging;

/**
 * The local launcher ({@code mvn test-compile exec:java}): development settings, embedded
 * PostgreSQL, Redis and Keycloak for whatever is not configured, then the application with its
 * demo data. It lives on the test classpath, like the embedded servers it starts, so none of it
 * can reach the packaged artifact.
 */
public final class DevMain {

  private DevMain() {}

  public static void main(String[] args) {
    Map<String, String> env = DevSettings.environment(System.getenv());
    Map<String, String> properties = systemProperties();
    try {
      AppConfig config = ConfigLoader.load(env, properties);
      Logging.apply(config.log());
      Map<String, String> local = DevServices.startMissing(config);
      if (!local.isEmpty()) {
        properties.putAll(local);
        config = ConfigLoader.load(env, properties);
      }
      App.run(config, args);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> props = new HashMap<>();
    System.getProperties().forEach((k, v) -> props.put(k.toString(), v.toString()));
    return props;
  }
}
