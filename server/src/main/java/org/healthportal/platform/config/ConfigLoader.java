package org.healthportal.platform.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Loads {@link AppConfig}: defaults from {@code application.properties} on the classpath, then
 * environment variables ({@code HP_HTTP_PORT} for {@code http.port}), then explicit overrides
 * (system properties, or a map in tests). Every value is checked; the first bad one stops the start
 * with a message naming the key.
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "application.properties";
  private static final String ENV_PREFIX = "HP_";

  private final Map<String, String> values;

  private ConfigLoader(Map<String, String> values) {
    this.values = values;
  }

  /** Defaults, then the process environment, then system properties. */
  public static AppConfig load() {
    Map<String, String> sysProps = new HashMap<>();
    System.getProperties().forEach((k, v) -> sysProps.put(k.toString(), v.toString()));
    return load(System.getenv(), sysProps);
  }

  /** Defaults, then {@code env} (HP_* variables), then {@code overrides} (plain keys). */
  public static AppConfig load(Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> merged = readDefaults();
    for (String key : List.copyOf(merged.keySet())) {
      String fromEnv = env.get(envName(key));
      if (fromEnv != null) merged.put(key, fromEnv);
      String override = overrides.get(key);
      if (override != null) merged.put(key, override);
    }
    return new ConfigLoader(merged).build();
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private AppConfig build() {
    return new AppConfig(
        new AppConfig.Http(
            text("http.host"),
            port("http.port"),
            intIn("http.instances", 0, 64),
            intIn("http.body-limit-bytes", 1024, 16 * 1024 * 1024),
            list("http.cors-origins")),
        new AppConfig.Db(url("db.url", "postgresql", "postgres"), text("db.user"), text("db.password"), intIn("db.pool-size", 1, 200)),
        new AppConfig.Redis(url("redis.url", "redis", "rediss"), Duration.ofMillis(intIn("redis.timeout-ms", 10, 10_000))),
        new AppConfig.Cache(Duration.ofSeconds(intIn("cache.ttl-seconds", 1, 86_400))),
        new AppConfig.Auth(
            url("auth.realm-url", "http", "https"),
            text("auth.audience"),
            nonEmptyList("auth.allowed-clients"),
            Duration.ofSeconds(intIn("auth.jwks-refresh-min-interval-seconds", 1, 3600)),
            Duration.ofSeconds(intIn("auth.discovery-timeout-seconds", 1, 3600))),
        new AppConfig.RateLimits(bool("ratelimit.enabled"), policy("anonymous"), policy("partner"), policy("user")),
        new AppConfig.Facilities(Duration.ofHours(intIn("facilities.beds-stale-after-hours", 1, 24 * 365))),
        new AppConfig.FamilyDoctor(Duration.ofSeconds(intIn("familydoctor.expiry-interval-seconds", 1, 86_400))),
        new AppConfig.Changes(Duration.ofSeconds(intIn("changes.cursor-max-age-seconds", 1, 365 * 86_400)),
            Duration.ofSeconds(intIn("changes.compaction-interval-seconds", 1, 86_400))),
        new AppConfig.Webhooks(bool("webhooks.dispatch"), Duration.ofMillis(intIn("webhooks.poll-interval-ms", 10, 60_000)),
            intIn("webhooks.max-attempts", 1, 100), Duration.ofMillis(intIn("webhooks.backoff-base-ms", 10, 3_600_000)),
            Duration.ofMillis(intIn("webhooks.timeout-ms", 100, 60_000)), intIn("webhooks.max-in-flight", 1, 1000),
            bool("webhooks.allow-private-targets"), bool("webhooks.allow-http")),
        pii(),
        new AppConfig.Dev(Path.of(text("dev.data-dir")), port("dev.postgres-port"), port("dev.redis-port"), port("dev.keycloak-port")));
  }

  private AppConfig.Pii pii() {
    Map<String, byte[]> keys = new java.util.LinkedHashMap<>();
    for (String entry : nonEmptyList("pii.keys")) {
      int colon = entry.indexOf(':');
      if (colon <= 0) throw bad("pii.keys", "entries must be keyId:base64Key");
      byte[] key = base64("pii.keys", entry.substring(colon + 1));
      if (key.length != 32) throw bad("pii.keys", "key " + entry.substring(0, colon) + " must be 32 bytes (AES-256)");
      keys.put(entry.substring(0, colon), key);
    }
    String active = text("pii.active-key-id");
    if (!keys.containsKey(active)) throw bad("pii.active-key-id", "names no key listed in pii.keys");
    byte[] hashKey = base64("pii.hash-key", text("pii.hash-key"));
    if (hashKey.length < 32) throw bad("pii.hash-key", "must be at least 32 bytes");
    return new AppConfig.Pii(keys, active, hashKey);
  }

  private static byte[] base64(String key, String value) {
    try {
      return java.util.Base64.getDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      throw bad(key, "is not valid base64");
    }
  }

  private static Map<String, String> readDefaults() {
    Properties props = new Properties();
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) throw new ConfigException("Missing " + DEFAULTS + " on the classpath");
      props.load(in);
    } catch (IOException e) {
      throw new ConfigException("Cannot read " + DEFAULTS + ": " + e.getMessage());
    }
    Map<String, String> map = new HashMap<>();
    props.forEach((k, v) -> map.put(k.toString(), v.toString().trim()));
    return map;
  }

  private String raw(String key) {
    String v = values.get(key);
    if (v == null) throw new ConfigException("Unknown configuration key " + key);
    return v.trim();
  }

  private String text(String key) {
    String v = raw(key);
    if (v.isEmpty()) throw bad(key, "must not be empty");
    return v;
  }

  private AppConfig.RateLimitPolicy policy(String name) {
    return new AppConfig.RateLimitPolicy(name, intIn("ratelimit." + name + ".limit", 1, 100_000_000),
        Duration.ofSeconds(intIn("ratelimit." + name + ".window-seconds", 1, 86_400)));
  }

  private boolean bool(String key) {
    String v = raw(key).trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
    throw bad(key, "= '" + v + "' must be true or false");
  }

  private int intIn(String key, int min, int max) {
    String v = raw(key);
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) throw bad(key, "= '" + v + "' must be between " + min + " and " + max);
      return n;
    } catch (NumberFormatException e) {
      throw bad(key, "= '" + v + "' is not a whole number");
    }
  }

  private int port(String key) {
    return intIn(key, 1, 65_535);
  }

  private List<String> list(String key) {
    String v = raw(key);
    if (v.isEmpty()) return List.of();
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private List<String> nonEmptyList(String key) {
    List<String> l = list(key);
    if (l.isEmpty()) throw bad(key, "must list at least one value");
    return l;
  }

  /** An optional absolute URL with one of the given schemes; empty means "not configured". */
  private Optional<String> url(String key, String... schemes) {
    String v = raw(key);
    if (v.isEmpty()) return Optional.empty();
    try {
      URI uri = new URI(v);
      if (uri.getScheme() == null || !Arrays.asList(schemes).contains(uri.getScheme()) || uri.getHost() == null) {
        throw bad(key, "must be a URL starting with " + String.join(":// or ", schemes) + "://");
      }
      return Optional.of(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
    } catch (URISyntaxException e) {
      throw bad(key, "is not a valid URL: " + e.getReason());
    }
  }

  private static ConfigException bad(String key, String why) {
    return new ConfigException("Invalid configuration " + key + " (env " + envName(key) + ") " + why);
  }
}
