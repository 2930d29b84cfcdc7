package org.healthportal;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.healthportal.exports.ExportsApi;
import org.healthportal.facilities.FacilitiesApi;
import org.healthportal.familydoctor.FamilyDoctorApi;
import org.healthportal.identity.IdentityApi;
import org.healthportal.platform.auth.TokenAuth;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.cache.RedisCache;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.config.ConfigException;
import org.healthportal.platform.config.ConfigLoader;
import org.healthportal.platform.db.Database;
import org.healthportal.platform.dev.DevServices;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.ApiRouter;
import org.healthportal.platform.http.Contract;
import org.healthportal.platform.http.HttpVerticle;
import org.healthportal.platform.http.Idempotency;
import org.healthportal.platform.ops.Metrics;
import org.healthportal.platform.ops.OperationsApi;
import org.healthportal.platform.ops.Readiness;
import org.healthportal.platform.pii.PiiCipher;
import org.healthportal.platform.ratelimit.RateLimitHandler;
import org.healthportal.platform.ratelimit.RateLimiter;
import org.healthportal.regions.RegionsApi;
import org.healthportal.residents.HouseholdDirectory;
import org.healthportal.residents.ResidentsApi;
import org.healthportal.sync.ChangesApi;
import org.healthportal.tourism.TourismApi;
import org.healthportal.webhooks.WebhookDispatcher;
import org.healthportal.webhooks.WebhooksApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boot: configuration, then the shared clients (PostgreSQL pool, Redis, token verification), then
 * the HTTP verticles. {@link #main} also starts local PostgreSQL, Redis and Keycloak for whatever
 * the configuration leaves empty.
 */
public final class App {

  private static final Logger LOG = LoggerFactory.getLogger(App.class);
  /** Ages and dates of residents are reckoned in China Standard Time. */
  private static final java.time.Clock CLOCK = java.time.Clock.system(java.time.ZoneId.of("Asia/Shanghai"));

  private final Vertx vertx;
  private final Pool pool;
  private final RedisCache redis;
  private final AppConfig config;
  private volatile List<ApiModule> modules = List.of();
  private volatile TokenAuth auth;
  private volatile OpenAPIContract contract;
  private volatile RateLimitHandler rateLimits;

  private App(Vertx vertx, Pool pool, RedisCache redis, AppConfig config) {
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.config = config;
  }

  public static void main(String[] args) {
    long start = System.nanoTime();
    try {
      AppConfig config = ConfigLoader.load();
      Map<String, String> local = DevServices.startMissing(config);
      if (!local.isEmpty()) config = ConfigLoader.load(System.getenv(), merged(systemProperties(), local));
      App app = start(config).await();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> app.stop().await(), "app-stop"));
      LOG.info("Health portal ready on http://localhost:{} in {} ms (docs: /docs)", config.http().port(), (System.nanoTime() - start) / 1_000_000);
    } catch (ConfigException e) {
      LOG.error(e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      LOG.error("Start failed", e);
      System.exit(1);
    }
  }

  /** Migrates the database, connects the clients and deploys the HTTP verticles. */
  public static Future<App> start(AppConfig config) {
    Metrics metrics = Metrics.createVertx();
    Vertx vertx = metrics.vertx();
    Future<Void> migrated = vertx.executeBlocking(() -> {
      Database.migrate(config.db());
      return null;
    });
    Pool pool = Database.createPool(vertx, config.db());
    RedisCache redis = RedisCache.connect(vertx, config.redis());
    App app = new App(vertx, pool, redis, config);
    return migrated
        .compose(v -> Future.all(Contract.load(vertx), TokenAuth.discover(vertx, config.auth())))
        .compose(both -> app.deploy(both.resultAt(0), both.resultAt(1), metrics))
        .map(app)
        .onFailure(e -> app.stop());
  }

  private Future<String> deploy(OpenAPIContract contract, TokenAuth auth, Metrics metrics) {
    CachedReads cachedReads = new CachedReads(vertx, redis, metrics.registry());
    PiiCipher pii = new PiiCipher(config.pii().keys(), config.pii().activeKeyId(), config.pii().hashKey());
    FamilyDoctorApi familyDoctor = new FamilyDoctorApi(pool, new HouseholdDirectory(pool, pii));
    // Contracts past their term expire without anyone acting; every instance may run this, it is one idempotent statement.
    vertx.setPeriodic(config.familyDoctor().expiryInterval().toMillis(), id -> familyDoctor.expireDueContracts()
        .onSuccess(n -> { if (n > 0) LOG.info("Expired {} family doctor contracts", n); })
        .onFailure(e -> LOG.warn("Contract expiry run failed: {}", e.getMessage())));
    // Stored first responses are kept a day, long past any client's retries.
    vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> new Idempotency(pool).forgetOlderThan(Duration.ofDays(1))
        .onFailure(e -> LOG.warn("Idempotency key cleanup failed: {}", e.getMessage())));
    this.auth = auth;
    this.contract = contract;
    this.rateLimits = new RateLimitHandler(new RateLimiter(vertx, redis, java.time.Clock.systemUTC()), auth, config.rateLimits());
    FacilitiesApi facilities = new FacilitiesApi(pool, cachedReads, config);
    TourismApi tourism = new TourismApi(pool, cachedReads, config);
    ChangesApi changes = new ChangesApi(pool, List.of(facilities.listings(), tourism.listings(), familyDoctor.teamListings()),
        config.changes().cursorMaxAge(), java.time.Clock.systemUTC());
    vertx.setPeriodic(config.changes().compactionInterval().toMillis(), id -> changes.compact()
        .onFailure(e -> LOG.warn("Change log compaction failed: {}", e.getMessage())));
    this.modules = List.of(
        new OperationsApi(new Readiness(pool, redis, auth), metrics.registry()),
        new RegionsApi(pool, cachedReads),
        new IdentityApi(),
        facilities,
        tourism,
        new ResidentsApi(pool, pii, CLOCK),
        familyDoctor,
        changes,
        new WebhooksApi(vertx, pool, config.webhooks()),
        new ExportsApi(pool, config, CLOCK));
    if (config.webhooks().dispatch()) new WebhookDispatcher(vertx, pool, config.webhooks()).start();
    int instances = config.http().instances() > 0 ? config.http().instances() : Runtime.getRuntime().availableProcessors();
    return vertx.deployVerticle(
        () -> new HttpVerticle(config.http(), this::router),
        new DeploymentOptions().setInstances(instances));
  }

  /** A router builder with every module bound, before the unbound-operation check (for tests). */
  public Future<RouterBuilder> routerBuilder() {
    return ApiRouter.builder(vertx, contract, config.http(), auth.handler(), rateLimits, modules);
  }

  private Future<Router> router() {
    return routerBuilder().map(builder -> ApiRouter.create(builder, modules));
  }

  /** The database pool (for tools and tests that run maintenance directly). */
  public Pool pool() {
    return pool;
  }

  public Vertx vertx() {
    return vertx;
  }

  public AppConfig config() {
    return config;
  }

  /** Closes clients and the Vert.x instance; safe to call twice. */
  public Future<Void> stop() {
    try {
      redis.close();
    } catch (RuntimeException e) {
      LOG.debug("Redis close: {}", e.getMessage());
    }
    return vertx.close();
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> props = new java.util.HashMap<>();
    System.getProperties().forEach((k, v) -> props.put(k.toString(), v.toString()));
    return props;
  }

  private static Map<String, String> merged(Map<String, String> base, Map<String, String> extra) {
    Map<String, String> all = new java.util.HashMap<>(base);
    all.putAll(extra);
    return all;
  }
}
