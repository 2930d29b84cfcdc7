package org.healthportal.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of the service, typed and validated once at start.
 *
 * <p>Optional URLs left empty mean "start the embedded service locally" (see {@code platform.dev}).
 */
public record AppConfig(Http http, Db db, Redis redis, Cache cache, Auth auth, RateLimits rateLimits, Facilities facilities,
    FamilyDoctor familyDoctor, Changes changes, Webhooks webhooks, Pii pii, Dev dev) {

  public record Http(String host, int port, int instances, int bodyLimitBytes, List<String> corsOrigins) {}

  /** {@code url} is a {@code postgresql://host:port/db} URI; empty means embedded. */
  public record Db(Optional<String> url, String user, String password, int poolSize) {}

  /** {@code url} is a {@code redis://host:port} URI; empty means embedded. */
  public record Redis(Optional<String> url, Duration timeout) {}

  public record Cache(Duration ttl) {}

  /** {@code realmUrl} is the issuer, e.g. {@code http://localhost:8180/realms/health-portal}; empty means embedded. */
  public record Auth(
      Optional<String> realmUrl,
      String audience,
      List<String> allowedClients,
      Duration jwksRefreshMinInterval,
      Duration discoveryTimeout) {}

  /** How many requests a caller may make per fixed window: {@code name} appears in the RateLimit headers. */
  public record RateLimitPolicy(String name, int limit, Duration window) {}

  /** Fair-use limits per class of caller: anonymous (per IP), partner clients (per client), users (per user). */
  public record RateLimits(boolean enabled, RateLimitPolicy anonymous, RateLimitPolicy partner, RateLimitPolicy user) {}

  /** {@code bedsStaleAfter}: bed figures older than this are flagged stale. */
  public record Facilities(Duration bedsStaleAfter) {}

  /** {@code expiryInterval}: how often contracts past their term are marked expired. */
  public record FamilyDoctor(Duration expiryInterval) {}

  /** Delta sync: how long a cursor stays valid, and how often superseded change-log rows are dropped. */
  public record Changes(Duration cursorMaxAge, Duration compactionInterval) {}

  /**
   * Webhook delivery: whether this instance delivers, how often it looks for work, attempts per
   * event and the first retry delay (doubling each time), the receiver's time limit, deliveries in
   * flight per instance, and whether loopback/private targets and plain http are allowed (local
   * testing only).
   */
  public record Webhooks(boolean dispatch, Duration pollInterval, int maxAttempts, Duration backoffBase, Duration timeout,
      int maxInFlight, boolean allowPrivateTargets, boolean allowHttp) {}

  /** Keys of personal-data encryption: 32-byte AES keys by id, the active id, and the lookup-hash key. */
  public record Pii(java.util.Map<String, byte[]> keys, String activeKeyId, byte[] hashKey) {
    @Override
    public String toString() {
      return "Pii[keys=" + keys.keySet() + ", activeKeyId=" + activeKeyId + "]";
    }
  }

  public record Dev(Path dataDir, int postgresPort, int redisPort, int keycloakPort) {}
}
