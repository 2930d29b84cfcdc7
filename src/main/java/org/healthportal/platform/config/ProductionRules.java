package org.healthportal.platform.config;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What a production start refuses: anything meant for a laptop. Every external service must be
 * named (nothing embedded is in the artifact anyway), personal data must not be encrypted with a
 * key that is published in this repository, demo data needs a second, deliberate setting, and the
 * webhook switches for local testing stay off, and pushes to the push gateway are signed. All problems are reported at once, each naming its
 * setting.
 */
final class ProductionRules {

  /**
   * SHA-256 fingerprints of the development keys (the local launcher's {@code pii.keys} entry and
   * {@code pii.hash-key}): they are public, so data encrypted with them is not protected. Only the
   * fingerprints live here, so the keys themselves never ship in the artifact.
   */
  private static final Set<String> DEVELOPMENT_KEY_FINGERPRINTS = Set.of(
      "b9a640e9d57303c0f07f7c7f2e58ee3961c375c1f68cca20c37897ec21f98285", // pii.keys dev1
      "c77fe41bad324217befe931b30d963e5f1ba1b5f034bff15268d867f28600b15", // pii.hash-key
      "0d7f8677e35018d6c4b21a953a511d03f0e273d0eeecf32dce08c1e6cbdf0cd2"); // console.client-secret

  private ProductionRules() {}

  static void check(AppConfig config) {
    List<String> problems = new ArrayList<>();
    require(problems, config.db().url().isPresent(), "db.url", "the PostgreSQL URL (postgresql://host:5432/db)");
    require(problems, config.redis().configured(), "redis.url",
        "the Redis URL (redis:// or rediss://), or redis.cluster-nodes (env HP_REDIS_CLUSTER_NODES) for a Redis Cluster");
    require(problems, config.auth().realmUrl().isPresent(), "auth.realm-url", "the Keycloak realm's issuer URL");
    require(problems, !config.pii().keys().isEmpty(), "pii.keys",
        "keyId:base64 AES-256 keys that encrypt ID and phone numbers (openssl rand -base64 32), with pii.active-key-id");
    require(problems, config.pii().hashKey().length > 0, "pii.hash-key", "the HMAC key of ID-number lookup hashes (openssl rand -base64 32)");
    config.pii().keys().forEach((id, key) -> {
      if (isDevelopmentKey(key)) {
        problems.add(named("pii.keys", "key '" + id + "' is the published development key; generate a new one"
            + " (openssl rand -base64 32) and keep the development key listed only while data encrypted with it exists"
            + " in a development database, never in production"));
      }
    });
    if (config.pii().hashKey().length > 0 && isDevelopmentKey(config.pii().hashKey())) {
      problems.add(named("pii.hash-key", "is the published development key; generate a new one (openssl rand -base64 32)"));
    }
    if (config.demoData().enabled() && !config.demoData().allowInProduction()) {
      problems.add(named("demo-data.enabled", "loads made-up facilities, sites and teams; in production this also needs"
          + " demo-data.allow-in-production=true (HP_DEMO_DATA_ALLOW_IN_PRODUCTION), for a demonstration deployment"));
    }
    if (config.webhooks().allowPrivateTargets()) {
      problems.add(named("webhooks.allow-private-targets", "is for local testing only: it lets partners reach internal addresses"));
    }
    if (config.webhooks().allowHttp()) {
      problems.add(named("webhooks.allow-http", "is for local testing only: deliveries must use https"));
    }
    if (config.notifications().push().enabled() && config.notifications().push().secret().isEmpty()) {
      problems.add(named("notifications.push.secret", "must be set when notifications.push.url is: the gateway checks each"
          + " push's signature with it (whsec_$(openssl rand -base64 32), the same at the gateway)"));
    }
    if (config.console().enabled()) {
      if (config.console().publicUrl().isEmpty() || !config.console().publicUrl().get().startsWith("https://")) {
        problems.add(named("console.public-url", "must be the https:// address browsers reach the console at, when the console"
            + " is on (console.client-secret is set)"));
      }
      if (isDevelopmentKey(config.console().clientSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        problems.add(named("console.client-secret", "is the published development secret; give the realm's portal-console"
            + " client a new secret and set it here"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("Refusing to start in production mode (mode=production):\n  - " + String.join("\n  - ", problems)
          + "\nFor a local run use the development launcher (see README), or set mode=development (HP_MODE).");
    }
  }

  /** Whether {@code key} is one of the development keys published in this repository. */
  static boolean isDevelopmentKey(byte[] key) {
    return DEVELOPMENT_KEY_FINGERPRINTS.contains(fingerprint(key));
  }

  static String fingerprint(byte[] key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void require(List<String> problems, boolean present, String key, String what) {
    if (!present) problems.add(named(key, "must be set: " + what));
  }

  private static String named(String key, String why) {
    return key + " (env " + ConfigLoader.envName(key) + ") " + why;
  }
}
