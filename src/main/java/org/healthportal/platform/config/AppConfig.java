package org.healthportal.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of the service, typed and validated once at start.
 *
 * <p>In production mode (the default) {@link ProductionRules} refuse a configuration that only suits a
 * laptop. Optional URLs are left empty only in development, where the local launcher (on the test
 * classpath, {@code org.healthportal.dev}) starts embedded servers for them.
 */
public record AppConfig(Mode mode, Http http, Management management, Db db, Redis redis, Cache cache, Auth auth,
    RateLimits rateLimits, Facilities facilities, FamilyDoctor familyDoctor, Changes changes, Webhooks webhooks,
    Notifications notifications, Pii pii,
    DemoData demoData, Shutdown shutdown, Log log, Tracing tracing, Duration readinessCheckTimeout, Console console) {

  /** Production refuses development conveniences; development allows them. */
  public enum Mode { PRODUCTION, DEVELOPMENT }

  /** {@code trustedProxies}: peers whose Forwarded/X-Forwarded-For headers name the client. */
  public record Http(String host, int port, int instances, int bodyLimitBytes, List<String> corsOrigins,
      TrustedProxies trustedProxies, Duration responseTimeout) {}

  /** The management server (metrics), on a port of its own that is never exposed publicly. */
  public record Management(String host, int port) {}

  /**
   * {@code url} is a {@code postgresql://host:port/db} URI (empty only in development). The
   * migrating user may differ from the serving one; TLS settings apply to both connections.
   */
  /**
   * @param replicaUrls streaming replicas of {@code url} that serve reads once they have replayed
   *     the writes a read must see (see {@code platform/db/ReadReplicas}); same user and TLS settings
   * @param replicaProbeInterval how often each replica's replay position is read
   */
  public record Db(Optional<String> url, String user, String password, int poolSize, boolean migrateOnStart,
      String migrationUser, String migrationPassword, SslMode sslMode, Optional<Path> sslRootCert,
      Duration connectTimeout, Duration acquireTimeout, int maxWaiting, Duration statementTimeout,
      java.util.List<String> replicaUrls, Duration replicaProbeInterval) {
    @Override
    public String toString() {
      return "Db[url=" + url.isPresent() + ", user=" + user + ", poolSize=" + poolSize + ", sslMode=" + sslMode
          + ", replicas=" + replicaUrls.size() + "]";
    }
  }

  /** PostgreSQL's {@code sslmode} values that a client can enforce. */
  public enum SslMode {
    DISABLE, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

    public String libpqName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Where Redis is: one server ({@code url}, a {@code redis://host:port} URI) or a Redis Cluster
   * ({@code clusterNodes}, seed {@code redis://host:port} URIs); at most one of the two is set, and
   * neither only in development.
   *
   * @param clusterRefresh how often the cluster's topology is re-read even when nothing hints at a change
   */
  public record Redis(Optional<String> url, List<String> clusterNodes, Duration timeout, Duration clusterRefresh) {

    public boolean cluster() {
      return !clusterNodes.isEmpty();
    }

    public boolean configured() {
      return url.isPresent() || cluster();
    }
  }

  /**
   * @param searchIndex whether searches run on each instance's in-memory index of the directory
   *     (otherwise on PostgreSQL, through the cache)
   * @param searchIndexPoll how often an idle instance checks that its index has every write
   */
  public record Cache(Duration ttl, boolean searchIndex, Duration searchIndexPoll) {}

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

  /**
   * Resident notifications: whether this instance fills inboxes from the outbox and runs the
   * reminder job, how often each looks for work, how long before the end of a term "ends soon" is
   * told, how often an open stream looks for new notifications, and the push to phones.
   */
  public record Notifications(boolean feed, Duration pollInterval, Duration reminderInterval, Duration expiryWarning,
      Duration streamPoll, int maxWatchesPerResident, Push push) {}

  /**
   * The push gateway (an HTTP endpoint in front of the phone vendors' push services): its URL (no
   * URL, no push), the {@code whsec_} secret requests are signed with, how often due pushes are
   * looked for, the gateway's time limit, attempts per notification and the first retry delay
   * (doubling each time), and requests in flight per instance.
   */
  public record Push(Optional<String> url, String secret, Duration pollInterval, Duration timeout, int maxAttempts,
      Duration backoffBase, int maxInFlight) {
    public boolean enabled() {
      return url.isPresent();
    }

    @Override
    public String toString() {
      return "Push[url=" + url + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + "]";
    }
  }

  /** Keys of personal-data encryption: 32-byte AES keys by id, the active id, and the lookup-hash key. */
  public record Pii(java.util.Map<String, byte[]> keys, String activeKeyId, byte[] hashKey) {
    @Override
    public String toString() {
      return "Pii[keys=" + keys.keySet() + ", activeKeyId=" + activeKeyId + "]";
    }
  }

  /**
   * The demonstration data set (made-up facilities, sites and teams), loaded after the schema;
   * production loads it only when {@code allowInProduction} says so as well.
   */
  public record DemoData(boolean enabled, boolean allowInProduction) {}

  /**
   * On SIGTERM: readiness fails at once, new connections are still accepted for {@code grace} (the
   * load balancer needs that long to stop sending), then requests in flight get up to {@code drain}.
   */
  public record Shutdown(Duration grace, Duration drain) {}

  /** {@code json}: one object per line (production); {@code text}: for a terminal. {@code accessLevel}: of the access log. */
  public record Log(String format, String accessLevel) {
    public boolean json() {
      return "json".equals(format);
    }
  }

  /** Spans go to an OTLP/HTTP collector when {@code otlpEndpoint} is set; trace context is propagated regardless. */
  public record Tracing(Optional<String> otlpEndpoint, String serviceName) {}

  /**
   * The staff console at {@code /console}: a confidential OpenID Connect client of the realm (its
   * tokens stay on the server). Off when {@code clientSecret} is empty.
   *
   * @param publicUrl the service's address as browsers reach it ({@code https://portal.example}), for
   *     the redirect URIs; empty = taken from each request (development only)
   * @param apiUrl where the console reaches this service's own API; empty = the local HTTP port
   * @param idleTimeout a session not used for this long ends
   * @param maxAge a session ends this long after sign-in whatever happens
   */
  public record Console(String clientId, String clientSecret, Optional<String> publicUrl, Optional<String> apiUrl,
      Duration idleTimeout, Duration maxAge) {
    public boolean enabled() {
      return !clientSecret.isEmpty();
    }

    @Override
    public String toString() {
      return "Console[clientId=" + clientId + ", enabled=" + enabled() + ", publicUrl=" + publicUrl + "]";
    }
  }
}
