package org.healthportal.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.healthportal.dev.DevSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  /** Keys that are not the development ones: production accepts them. */
  private static final String PROD_KEYS = "k2026:" + java.util.Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');
  private static final String PROD_HASH_KEY = java.util.Base64.getEncoder().encodeToString("a-production-hash-key-of-32-bytes!".getBytes());

  private static Map<String, String> production() {
    Map<String, String> env = new HashMap<>();
    env.put("HP_DB_URL", "postgresql://db:5432/portal");
    env.put("HP_REDIS_URL", "redis://cache:6379");
    env.put("HP_AUTH_REALM_URL", "https://auth.example/realms/health-portal");
    env.put("HP_PII_KEYS", PROD_KEYS);
    env.put("HP_PII_ACTIVE_KEY_ID", "k2026");
    env.put("HP_PII_HASH_KEY", PROD_HASH_KEY);
    return env;
  }

  @Test
  void developmentLeavesExternalServicesEmptySoTheLauncherStartsThemEmbedded() {
    AppConfig config = ConfigLoader.load(DevSettings.environment(Map.of()), Map.of());
    assertThat(config.mode()).isEqualTo(AppConfig.Mode.DEVELOPMENT);
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.management().port()).isEqualTo(9090);
    assertThat(config.db().url()).isEmpty();
    assertThat(config.redis().url()).isEmpty();
    assertThat(config.auth().realmUrl()).isEmpty();
    assertThat(config.demoData().enabled()).as("demo data by default in development").isTrue();
    assertThat(config.log().json()).isFalse();
  }

  @Test
  void productionIsTheDefaultAndStartsWithEverythingNamed() {
    AppConfig config = ConfigLoader.load(production(), Map.of());
    assertThat(config.mode()).isEqualTo(AppConfig.Mode.PRODUCTION);
    assertThat(config.demoData().enabled()).as("no demo data by default in production").isFalse();
    assertThat(config.log().json()).isTrue();
    assertThat(config.auth().allowedClients()).containsExactly("portal-mobile");
    assertThat(config.db().migrationUser()).as("migrating user defaults to the serving one").isEqualTo("portal");
  }

  @Test
  void productionRefusesMissingServicesNamingEachSetting() {
    Map<String, String> env = production();
    env.remove("HP_DB_URL");
    env.remove("HP_REDIS_URL");
    env.remove("HP_AUTH_REALM_URL");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("db.url (env HP_DB_URL) must be set")
        .hasMessageContaining("redis.url (env HP_REDIS_URL) must be set")
        .hasMessageContaining("auth.realm-url (env HP_AUTH_REALM_URL) must be set");
  }

  @Test
  void theConsoleIsOffWithoutItsSecretAndOnlyHttpsWithAProductionSecretInProduction() {
    assertThat(ConfigLoader.load(production(), Map.of()).console().enabled()).isFalse();

    Map<String, String> env = production();
    env.put("HP_CONSOLE_CLIENT_SECRET", DevSettings.CONSOLE_CLIENT_SECRET);
    env.put("HP_CONSOLE_PUBLIC_URL", "http://portal.example");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of()))
        .hasMessageContaining("console.public-url (env HP_CONSOLE_PUBLIC_URL) must be the https:// address")
        .hasMessageContaining("console.client-secret (env HP_CONSOLE_CLIENT_SECRET) is the published development secret")
        .hasMessageNotContaining(DevSettings.CONSOLE_CLIENT_SECRET);

    env.put("HP_CONSOLE_CLIENT_SECRET", "a-secret-the-realm-generated");
    env.put("HP_CONSOLE_PUBLIC_URL", "https://portal.example");
    AppConfig config = ConfigLoader.load(env, Map.of());
    assertThat(config.console().enabled()).isTrue();
    assertThat(config.auth().allowedClients()).as("the console's own tokens are accepted").containsExactly("portal-mobile", "portal-console");
    assertThat(config.console().toString()).doesNotContain("a-secret");
  }

  @Test
  void productionRefusesTheDevelopmentKeys() {
    Map<String, String> env = production();
    env.put("HP_PII_KEYS", DevSettings.PII_KEYS + "," + PROD_KEYS);
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of()))
        .hasMessageContaining("pii.keys (env HP_PII_KEYS) key 'dev1' is the published development key")
        .hasMessageNotContaining(DevSettings.PII_KEYS.substring(5));
    Map<String, String> hash = production();
    hash.put("HP_PII_HASH_KEY", DevSettings.PII_HASH_KEY);
    assertThatThrownBy(() -> ConfigLoader.load(hash, Map.of())).hasMessageContaining("pii.hash-key (env HP_PII_HASH_KEY)");
    Map<String, String> none = production();
    none.remove("HP_PII_KEYS");
    assertThatThrownBy(() -> ConfigLoader.load(none, Map.of())).hasMessageContaining("pii.keys").hasMessageContaining("must be set");
  }

  @Test
  void productionLoadsDemoDataOnlyWithASecondDeliberateSetting() {
    Map<String, String> env = production();
    env.put("HP_DEMO_DATA_ENABLED", "true");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of()))
        .hasMessageContaining("demo-data.enabled").hasMessageContaining("HP_DEMO_DATA_ALLOW_IN_PRODUCTION");
    env.put("HP_DEMO_DATA_ALLOW_IN_PRODUCTION", "true");
    assertThat(ConfigLoader.load(env, Map.of()).demoData().enabled()).isTrue();
  }

  @Test
  void productionRefusesTheWebhookSwitchesForLocalTesting() {
    Map<String, String> env = production();
    env.put("HP_WEBHOOKS_ALLOW_HTTP", "true");
    env.put("HP_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of()))
        .hasMessageContaining("webhooks.allow-http").hasMessageContaining("webhooks.allow-private-targets");
  }

  @Test
  void pushIsOffWithoutAUrlAndSignedWithAWellFormedSecretInProduction() {
    assertThat(ConfigLoader.load(production(), Map.of()).notifications().push().enabled()).isFalse();
    Map<String, String> env = production();
    env.put("HP_NOTIFICATIONS_PUSH_URL", "https://push.example.cn/v1/notify");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of()))
        .hasMessageContaining("notifications.push.secret (env HP_NOTIFICATIONS_PUSH_SECRET) must be set when notifications.push.url is");
    env.put("HP_NOTIFICATIONS_PUSH_SECRET", "not-a-whsec");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of())).hasMessageContaining("must be whsec_ followed by base64");
    env.put("HP_NOTIFICATIONS_PUSH_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    AppConfig.Push push = ConfigLoader.load(env, Map.of()).notifications().push();
    assertThat(push.enabled()).isTrue();
    assertThat(push.toString()).as("the secret stays out of logs").doesNotContain("whsec_");
  }

  @Test
  void secretsAreReadFromFilesAsKubernetesMountsThem(@TempDir Path dir) throws Exception {
    Map<String, String> env = production();
    Path password = dir.resolve("db-password");
    Files.writeString(password, "s3cret-from-a-secret\n");
    Path keys = dir.resolve("pii-keys");
    Files.writeString(keys, PROD_KEYS + "\n");
    env.remove("HP_PII_KEYS");
    env.put("HP_PII_KEYS_FILE", keys.toString());
    env.put("HP_DB_PASSWORD_FILE", password.toString());
    AppConfig config = ConfigLoader.load(env, Map.of());
    assertThat(config.db().password()).isEqualTo("s3cret-from-a-secret");
    assertThat(config.pii().keys()).containsKey("k2026");

    env.put("HP_DB_PASSWORD", "also-set");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of())).hasMessageContaining("HP_DB_PASSWORD_FILE").hasMessageContaining("only one");
    env.remove("HP_DB_PASSWORD");
    env.put("HP_DB_PASSWORD_FILE", dir.resolve("missing").toString());
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of())).hasMessageContaining("db.password").hasMessageContaining("cannot read");
  }

  @Test
  void unknownVariablesAreReportedAsLikelyTypos() {
    assertThat(ConfigLoader.unknownVariables(Map.of("HP_DB_ULR", "x", "HP_DB_URL", "y", "HP_DB_PASSWORD_FILE", "/f", "PATH", "/bin")))
        .containsExactly("HP_DB_ULR");
  }

  @Test
  void databaseTlsAndMigrationUserAreSettings(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Map<String, String> env = production();
    env.put("HP_DB_SSL_MODE", "verify-full");
    env.put("HP_DB_SSL_ROOT_CERT", ca.toString());
    env.put("HP_DB_MIGRATION_USER", "portal_owner");
    env.put("HP_DB_MIGRATION_PASSWORD", "owner-pass");
    AppConfig.Db db = ConfigLoader.load(env, Map.of()).db();
    assertThat(db.sslMode()).isEqualTo(AppConfig.SslMode.VERIFY_FULL);
    assertThat(db.sslRootCert()).contains(ca);
    assertThat(db.migrationUser()).isEqualTo("portal_owner");
    assertThat(db.toString()).doesNotContain("owner-pass");
    env.put("HP_DB_SSL_MODE", "sometimes");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of())).hasMessageContaining("db.ssl-mode").hasMessageContaining("verify-full");
    env.put("HP_DB_SSL_MODE", "require");
    env.put("HP_DB_SSL_ROOT_CERT", dir.resolve("nope.pem").toString());
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of())).hasMessageContaining("db.ssl-root-cert").hasMessageContaining("cannot be read");
    env.put("HP_DB_SSL_MODE", "verify-ca");
    env.remove("HP_DB_SSL_ROOT_CERT");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of())).hasMessageContaining("db.ssl-root-cert").hasMessageContaining("verify-ca");
  }

  @Test
  void trustedProxiesAreCidrBlocks() {
    Map<String, String> env = production();
    env.put("HP_HTTP_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32, 127.0.0.1");
    TrustedProxies proxies = ConfigLoader.load(env, Map.of()).http().trustedProxies();
    assertThat(proxies.contains("10.200.3.4")).isTrue();
    assertThat(proxies.contains("11.0.0.1")).isFalse();
    assertThat(proxies.contains("2001:db8:1::5")).isTrue();
    assertThat(proxies.contains("2001:db9::5")).isFalse();
    assertThat(proxies.contains("127.0.0.1")).isTrue();
    assertThat(proxies.contains("127.0.0.2")).isFalse();
    env.put("HP_HTTP_TRUSTED_PROXIES", "ingress.example");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of())).hasMessageContaining("http.trusted-proxies");
    env.put("HP_HTTP_TRUSTED_PROXIES", "10.0.0.0/33");
    assertThatThrownBy(() -> ConfigLoader.load(env, Map.of())).hasMessageContaining("prefix length");
  }

  @Test
  void environmentOverridesDefaultsAndExplicitOverridesWin() {
    Map<String, String> env = DevSettings.environment(Map.of(
        "HP_HTTP_PORT", "9090", "HP_REDIS_TIMEOUT_MS", "100", "HP_DB_URL", "postgresql://db:5432/portal"));
    AppConfig config = ConfigLoader.load(env, Map.of("http.port", "9191"));
    assertThat(config.http().port()).isEqualTo(9191);
    assertThat(config.redis().timeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.db().url()).contains("postgresql://db:5432/portal");
  }

  @Test
  void badValuesFailFastNamingTheKeyAndItsVariable() {
    Map<String, String> dev = DevSettings.environment(Map.of());
    assertThatThrownBy(() -> ConfigLoader.load(with(dev, "HP_HTTP_PORT", "eighty"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port").hasMessageContaining("HP_HTTP_PORT").hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> ConfigLoader.load(with(dev, "HP_HTTP_PORT", "70000"), Map.of()))
        .hasMessageContaining("http.port").hasMessageContaining("between 1 and 65535");
    assertThatThrownBy(() -> ConfigLoader.load(with(dev, "HP_DB_URL", "mysql://x/y"), Map.of()))
        .hasMessageContaining("db.url").hasMessageContaining("postgresql://");
    assertThatThrownBy(() -> ConfigLoader.load(with(dev, "HP_AUTH_REALM_URL", "not a url"), Map.of()))
        .hasMessageContaining("auth.realm-url");
    assertThatThrownBy(() -> ConfigLoader.load(with(dev, "HP_AUTH_ALLOWED_CLIENTS", " , "), Map.of()))
        .hasMessageContaining("auth.allowed-clients");
    assertThatThrownBy(() -> ConfigLoader.load(with(dev, "HP_MODE", "staging"), Map.of()))
        .hasMessageContaining("mode").hasMessageContaining("production, development");
  }

  @Test
  void urlErrorsDoNotEchoTheValueBecauseItMayHoldAPassword() {
    assertThatThrownBy(() -> ConfigLoader.load(with(DevSettings.environment(Map.of()), "HP_REDIS_URL", "http://user:secret@host"), Map.of()))
        .hasMessageNotContaining("secret");
  }

  @Test
  void productionAcceptsARedisClusterInPlaceOfOneRedisButNotBoth() {
    Map<String, String> env = production();
    env.remove("HP_REDIS_URL");
    env.put("HP_REDIS_CLUSTER_NODES", "redis-0:6379, rediss://:secret@redis-1:6379");
    AppConfig.Redis redis = ConfigLoader.load(env, Map.of()).redis();
    assertThat(redis.cluster()).isTrue();
    assertThat(redis.url()).isEmpty();
    assertThat(redis.clusterNodes()).containsExactly("redis://redis-0:6379", "rediss://:secret@redis-1:6379");
    assertThat(redis.clusterRefresh()).isEqualTo(Duration.ofSeconds(15));

    assertThatThrownBy(() -> ConfigLoader.load(with(env, "HP_REDIS_URL", "redis://cache:6379"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("redis.url")
        .hasMessageContaining("HP_REDIS_CLUSTER_NODES")
        .hasMessageContaining("both set");
    assertThatThrownBy(() -> ConfigLoader.load(with(env, "HP_REDIS_CLUSTER_NODES", "redis-0:6379, http://user:secret@redis-1"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("redis.cluster-nodes")
        .hasMessageNotContaining("secret");
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new HashMap<>(base);
    copy.put(key, value);
    return copy;
  }
}
