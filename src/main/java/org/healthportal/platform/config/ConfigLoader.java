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
 * environment variables ({@code HP_HTTP_PORT} for {@code http.port}, or {@code HP_DB_PASSWORD_FILE}
 * naming a file that holds the value, as Kubernetes mounts secrets), then explicit overrides (system
 * properties, or a map in tests). Every value is checked; the first bad one stops the start with a
 * message naming the key. In production mode {@link ProductionRules} apply on top.
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "application.properties";
  private static final String ENV_PREFIX = "HP_";
  private static final String FILE_SUFFIX = "_FILE";

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
      String file = env.get(envName(key) + FILE_SUFFIX);
      if (fromEnv != null && file != null) {
        throw new ConfigException("Configuration " + key + " is set both by " + envName(key) + " and by " + envName(key)
            + FILE_SUFFIX + "; set only one");
      }
      if (fromEnv != null) merged.put(key, fromEnv);
      if (file != null) merged.put(key, readSecretFile(key, file));
      String override = overrides.get(key);
      if (override != null) merged.put(key, override);
    }
    AppConfig config = new ConfigLoader(merged).build();
    if (config.mode() == AppConfig.Mode.PRODUCTION) ProductionRules.check(config);
    return config;
  }

  /** {@code HP_*} variables in {@code env} that name no setting: most likely typos. */
  public static List<String> unknownVariables(Map<String, String> env) {
    java.util.Set<String> known = new java.util.HashSet<>();
    for (String key : readDefaults().keySet()) {
      known.add(envName(key));
      known.add(envName(key) + FILE_SUFFIX);
    }
    return env.keySet().stream().filter(v -> v.startsWith(ENV_PREFIX) && !known.contains(v)).sorted().toList();
  }

  /** The content of a mounted secret file, without the line break editors and {@code echo} leave at its end. */
  private static String readSecretFile(String key, String path) {
    try {
      String content = java.nio.file.Files.readString(Path.of(path));
      return content.strip();
    } catch (IOException | RuntimeException e) {
      // The path may be shown; the content never is.
      throw new ConfigException("Configuration " + key + ": cannot read the file named by " + envName(key) + FILE_SUFFIX
          + " (" + path + "): " + e.getClass().getSimpleName());
    }
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private AppConfig build() {
    return new AppConfig(
        mode(),
        new AppConfig.Http(
            text("http.host"),
            port("http.port"),
            intIn("http.instances", 0, 64),
            intIn("http.body-limit-bytes", 1024, 16 * 1024 * 1024),
            list("http.cors-origins"),
            trustedProxies(),
            Duration.ofMillis(intIn("http.response-timeout-ms", 100, 600_000))),
        new AppConfig.Management(text("management.host"), port("management.port")),
        db(),
        redis(),
        new AppConfig.Cache(Duration.ofSeconds(intIn("cache.ttl-seconds", 1, 86_400)), bool("search.index.enabled"),
            Duration.ofMillis(intIn("search.index.poll-interval-ms", 10, 60_000))),
        new AppConfig.Auth(
            url("auth.realm-url", "http", "https"),
            text("auth.audience"),
            allowedClients(),
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
        new AppConfig.Notifications(bool("notifications.feed"), Duration.ofMillis(intIn("notifications.poll-interval-ms", 10, 60_000)),
            Duration.ofSeconds(intIn("notifications.reminder-interval-seconds", 1, 86_400)),
            Duration.ofDays(intIn("notifications.expiry-warning-days", 1, 29)),
            Duration.ofMillis(intIn("notifications.stream-poll-ms", 50, 60_000)),
            intIn("notifications.watches.max-per-resident", 1, 1_000), push()),
        pii(),
        new AppConfig.DemoData(demoData(), bool("demo-data.allow-in-production")),
        new AppConfig.Shutdown(Duration.ofSeconds(intIn("shutdown.grace-seconds", 0, 300)),
            Duration.ofSeconds(intIn("shutdown.drain-seconds", 0, 3600))),
        new AppConfig.Log(oneOf("log.format", "json", "text"), oneOf("log.access-level", "info", "warn", "off")),
        new AppConfig.Tracing(url("tracing.otlp-endpoint", "http", "https"), text("tracing.service-name")),
        Duration.ofMillis(intIn("readiness.check-timeout-ms", 50, 60_000)),
        new AppConfig.Console(text("console.client-id"), raw("console.client-secret"), url("console.public-url", "http", "https"),
            url("console.api-url", "http", "https"), Duration.ofMinutes(intIn("console.session-idle-minutes", 1, 24 * 60)),
            Duration.ofHours(intIn("console.session-max-hours", 1, 24 * 30))));
  }

  /** The listed clients, and the console's own when it is on (its pages call the API with its tokens). */
  private List<String> allowedClients() {
    List<String> clients = new java.util.ArrayList<>(nonEmptyList("auth.allowed-clients"));
    String console = text("console.client-id");
    if (!raw("console.client-secret").isEmpty() && !clients.contains(console)) clients.add(console);
    return List.copyOf(clients);
  }

  private AppConfig.Mode mode() {
    return AppConfig.Mode.valueOf(oneOf("mode", "production", "development").toUpperCase(Locale.ROOT));
  }

  private AppConfig.Db db() {
    String user = text("db.user");
    String password = raw("db.password");
    String migrationUser = raw("db.migration-user");
    String sslRootCert = raw("db.ssl-root-cert");
    if (!sslRootCert.isEmpty() && !java.nio.file.Files.isReadable(Path.of(sslRootCert))) {
      throw bad("db.ssl-root-cert", "names a file that cannot be read: " + sslRootCert);
    }
    AppConfig.SslMode sslMode = AppConfig.SslMode.valueOf(oneOf("db.ssl-mode", "disable", "prefer", "require", "verify-ca", "verify-full")
        .toUpperCase(Locale.ROOT).replace('-', '_'));
    if (sslRootCert.isEmpty() && (sslMode == AppConfig.SslMode.VERIFY_CA || sslMode == AppConfig.SslMode.VERIFY_FULL)) {
      throw bad("db.ssl-root-cert", "must name the database CA's certificate file (PEM) when db.ssl-mode is " + sslMode.libpqName());
    }
    return new AppConfig.Db(url("db.url", "postgresql", "postgres"), user, password, intIn("db.pool-size", 1, 200),
        bool("db.migrate-on-start"),
        migrationUser.isEmpty() ? user : migrationUser,
        migrationUser.isEmpty() ? password : raw("db.migration-password"),
        sslMode,
        sslRootCert.isEmpty() ? Optional.empty() : Optional.of(Path.of(sslRootCert)),
        Duration.ofMillis(intIn("db.connect-timeout-ms", 100, 60_000)),
        Duration.ofMillis(intIn("db.acquire-timeout-ms", 10, 60_000)),
        intIn("db.max-waiting", 1, 100_000),
        Duration.ofMillis(intIn("db.statement-timeout-ms", 100, 3_600_000)),
        replicaUrls(),
        Duration.ofMillis(intIn("db.replica-probe-interval-ms", 10, 60_000)));
  }

  private List<String> replicaUrls() {
    List<String> urls = list("db.replica-urls");
    for (String v : urls) {
      try {
        URI uri = new URI(v);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null) {
          throw bad("db.replica-urls", "must list URLs starting with postgresql://, not " + v);
        }
      } catch (URISyntaxException e) {
        throw bad("db.replica-urls", "lists an invalid URL: " + e.getReason());
      }
    }
    return urls;
  }

  /** {@code auto} (the default): on in development, off in production. */
  private boolean demoData() {
    String v = oneOf("demo-data.enabled", "auto", "true", "false");
    return v.equals("auto") ? mode() == AppConfig.Mode.DEVELOPMENT : Boolean.parseBoolean(v);
  }

  private TrustedProxies trustedProxies() {
    try {
      return TrustedProxies.parse(list("http.trusted-proxies"));
    } catch (IllegalArgumentException e) {
      throw bad("http.trusted-proxies", e.getMessage());
    }
  }

  private String oneOf(String key, String... allowed) {
    String v = raw(key).toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(v)) throw bad(key, "= '" + v + "' must be one of " + String.join(", ", allowed));
    return v;
  }

  /**
   * The PII keys. Missing keys are reported with everything else a production start lacks (see
   * {@link ProductionRules}); a development start without them stops here.
   */
  private AppConfig.Pii pii() {
    boolean production = mode() == AppConfig.Mode.PRODUCTION;
    if (list("pii.keys").isEmpty() || raw("pii.hash-key").isEmpty() || raw("pii.active-key-id").isEmpty()) {
      if (production) return new AppConfig.Pii(Map.of(), "", new byte[0]);
      String missing = list("pii.keys").isEmpty() ? "pii.keys" : raw("pii.hash-key").isEmpty() ? "pii.hash-key" : "pii.active-key-id";
      throw bad(missing, "must be set (the local launcher supplies development keys)");
    }
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

  private AppConfig.Redis redis() {
    Optional<String> url = url("redis.url", "redis", "rediss");
    List<String> seeds = list("redis.cluster-nodes").stream().map(ConfigLoader::seedUri).toList();
    for (String seed : seeds) checkUrl("redis.cluster-nodes", seed, "redis", "rediss");
    if (url.isPresent() && !seeds.isEmpty()) {
      throw bad("redis.url", "and redis.cluster-nodes (env " + envName("redis.cluster-nodes") + ") are both set; set one:"
          + " redis.url for one server, redis.cluster-nodes for a Redis Cluster");
    }
    return new AppConfig.Redis(url, seeds, Duration.ofMillis(intIn("redis.timeout-ms", 10, 10_000)),
        Duration.ofSeconds(intIn("redis.cluster-refresh-seconds", 1, 3_600)));
  }

  /** A seed given as {@code host:port} is a {@code redis://} URI; a URI stays as it is. */
  private static String seedUri(String seed) {
    return seed.contains("://") ? seed : "redis://" + seed;
  }

  /** An optional absolute URL with one of the given schemes; empty means "not configured". */
  private Optional<String> url(String key, String... schemes) {
    String v = raw(key);
    if (v.isEmpty()) return Optional.empty();
    checkUrl(key, v, schemes);
    return Optional.of(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
  }

  /** Refuses a value that is not an absolute URL with one of the schemes (never echoing it: it may hold a password). */
  private static void checkUrl(String key, String v, String... schemes) {
    try {
      URI uri = new URI(v);
      if (uri.getScheme() == null || !Arrays.asList(schemes).contains(uri.getScheme()) || uri.getHost() == null) {
        throw bad(key, "must be a URL starting with " + String.join(":// or ", schemes) + "://");
      }
    } catch (URISyntaxException e) {
      throw bad(key, "is not a valid URL: " + e.getReason());
    }
  }

  private AppConfig.Push push() {
    String secret = raw("notifications.push.secret");
    if (!secret.isEmpty() && (!secret.startsWith("whsec_") || base64("notifications.push.secret", secret.substring(6)).length < 16)) {
      throw bad("notifications.push.secret", "must be whsec_ followed by base64 of at least 16 bytes (whsec_$(openssl rand -base64 32))");
    }
    return new AppConfig.Push(url("notifications.push.url", "http", "https"), secret,
        Duration.ofMillis(intIn("notifications.push.poll-interval-ms", 10, 60_000)),
        Duration.ofMillis(intIn("notifications.push.timeout-ms", 100, 60_000)), intIn("notifications.push.max-attempts", 1, 100),
        Duration.ofMillis(intIn("notifications.push.backoff-base-ms", 10, 3_600_000)), intIn("notifications.push.max-in-flight", 1, 1000));
  }

  private static ConfigException bad(String key, String why) {
    return new ConfigException("Invalid configuration " + key + " (env " + envName(key) + ") " + why);
  }
}
