package org.healthportal;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.healthportal.console.ConsoleModule;
import org.healthportal.exports.ExportsApi;
import org.healthportal.facilities.FacilitiesApi;
import org.healthportal.fhir.FhirApi;
import org.healthportal.familydoctor.FamilyDoctorApi;
import org.healthportal.identity.IdentityApi;
import org.healthportal.notifications.NotificationFeeder;
import org.healthportal.notifications.BedWatchesApi;
import org.healthportal.notifications.NotificationsApi;
import org.healthportal.notifications.PushDispatcher;
import org.healthportal.platform.auth.TokenAuth;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.search.index.LiveIndex;
import org.healthportal.platform.cache.RedisCache;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.config.ConfigException;
import org.healthportal.platform.config.ConfigLoader;
import org.healthportal.platform.db.Database;
import org.healthportal.platform.db.ReadReplicas;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.ApiRouter;
import org.healthportal.platform.http.Contract;
import org.healthportal.platform.http.HttpVerticle;
import org.healthportal.platform.http.Idempotency;
import org.healthportal.platform.logging.Logging;
import org.healthportal.platform.ops.ManagementServer;
import org.healthportal.platform.metrics.Meters;
import org.healthportal.platform.ops.Metrics;
import org.healthportal.platform.ops.OperationsApi;
import org.healthportal.platform.ops.Readiness;
import org.healthportal.platform.ops.ShutdownSequence;
import org.healthportal.platform.ops.ShutdownSignals;
import org.healthportal.platform.pii.PiiCipher;
import org.healthportal.platform.ratelimit.RateLimitHandler;
import org.healthportal.platform.ratelimit.RateLimiter;
import org.healthportal.platform.tracing.Tracing;
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
 * the HTTP verticles and the management server. {@link #main} is the artifact's entry point
 * ({@code java -jar health-portal.jar [migrate]}), in production mode unless configured otherwise;
 * the local launcher ({@code org.healthportal.dev.DevMain}, test classpath) starts embedded services
 * and calls {@link #run}.
 */
public final class App {

  private static final Logger LOG = LoggerFactory.getLogger(App.class);
  /** Ages and dates of residents are reckoned in China Standard Time. */
  private static final java.time.Clock CLOCK = java.time.Clock.system(java.time.ZoneId.of("Asia/Shanghai"));
  private static final String MIGRATE = "migrate";

  private final Vertx vertx;
  private final Pool pool;
  private final RedisCache redis;
  private final Tracing tracing;
  private final AppConfig config;
  private final List<HttpServer> publicServers = new CopyOnWriteArrayList<>();
  private final List<Long> timers = new CopyOnWriteArrayList<>();
  /** The in-memory search indexes, kept current in the background. */
  private final List<LiveIndex<?>> searchIndexes = new CopyOnWriteArrayList<>();
  private volatile List<ApiModule> modules = List.of();
  private volatile TokenAuth auth;
  private volatile OpenAPIContract contract;
  private volatile RateLimitHandler rateLimits;
  private volatile ShutdownSequence shutdown;
  private volatile WebhookDispatcher dispatcher;
  private volatile NotificationFeeder notificationFeeder;
  private volatile NotificationsApi notifications;
  private volatile PushDispatcher pushDispatcher;
  /**
   * The time that rules about time go by: background jobs that wait for a moment (push after quiet
   * hours), delta-sync cursor ages, rate-limit windows. The system clock; tests move it.
   */
  private final java.time.Clock jobClock;
  private volatile HttpServer management;
  private volatile ReadReplicas reads;

  private App(Vertx vertx, Pool pool, RedisCache redis, Tracing tracing, AppConfig config, java.time.Clock jobClock) {
    this.jobClock = jobClock;
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.tracing = tracing;
    this.config = config;
  }

  public static void main(String[] args) {
    AppConfig config;
    try {
      config = ConfigLoader.load();
    } catch (ConfigException e) {
      LOG.error(e.getMessage());
      System.exit(2);
      return;
    }
    run(config, args);
  }

  /**
   * Serves (no arguments) or applies the migrations and exits ({@code migrate}, for a Kubernetes
   * Job or init container). Exits 2 on a bad command line, 1 when the start fails.
   */
  public static void run(AppConfig config, String[] args) {
    long start = System.nanoTime();
    Logging.apply(config.log());
    ConfigLoader.unknownVariables(System.getenv()).forEach(v ->
        LOG.warn("Environment variable {} names no setting (see docs/configuration.md); it is ignored", v));
    if (args.length > 1 || (args.length == 1 && !args[0].equals(MIGRATE))) {
      LOG.error("Usage: java -jar health-portal.jar [migrate]");
      System.exit(2);
    }
    try {
      if (args.length == 1) {
        migrate(config.db(), config.demoData().enabled());
        LOG.info("Migrations applied in {} ms", (System.nanoTime() - start) / 1_000_000);
        System.exit(0);
      }
      App app = start(config).await();
      ShutdownSignals.install(app::shutdown);
      LOG.info("Health portal ready ({} mode) on port {} (management {}) in {} ms", config.mode().name().toLowerCase(java.util.Locale.ROOT),
          config.http().port(), config.management().port(), (System.nanoTime() - start) / 1_000_000);
    } catch (Exception e) {
      LOG.error("Start failed", e);
      System.exit(1);
    }
  }

  /** The schema migrations, then the demo data set when it is on (blocking). */
  private static void migrate(AppConfig.Db db, boolean demoData) {
    Database.migrate(db);
    if (demoData) Database.loadDemoData(db);
  }

  /** Migrates the database, connects the clients and deploys the HTTP verticles. */
  public static Future<App> start(AppConfig config) {
    return start(config, java.time.Clock.systemUTC());
  }

  /** The same, with background jobs, delta-sync cursor ages and rate-limit windows going by {@code jobClock} (for tests). */
  public static Future<App> start(AppConfig config, java.time.Clock jobClock) {
    Metrics metrics = Metrics.createVertx();
    Vertx vertx = metrics.vertx();
    Future<Void> migrated = !config.db().migrateOnStart() ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      migrate(config.db(), config.demoData().enabled());
      return null;
    });
    Pool pool = Database.createPool(vertx, config.db());
    RedisCache redis = RedisCache.connect(vertx, config.redis());
    App app = new App(vertx, pool, redis, Tracing.create(config.tracing()), config, jobClock);
    return migrated
        .compose(v -> Future.all(Contract.load(vertx), TokenAuth.discover(vertx, config.auth())))
        .compose(both -> app.deploy(both.resultAt(0), both.resultAt(1), metrics))
        .map(app)
        .onFailure(e -> app.stop());
  }

  private Future<String> deploy(OpenAPIContract contract, TokenAuth auth, Metrics metrics) {
    Meters meters = new Meters(metrics.registry());
    reads = ReadReplicas.of(vertx, config.db(), pool, meters);
    reads.start();
    // With replicas, every invalidation carries the primary's WAL position: how far a replica must have replayed to serve.
    CachedReads cachedReads = new CachedReads(vertx, redis, meters, reads.any() ? reads::writePosition : null);
    PiiCipher pii = new PiiCipher(config.pii().keys(), config.pii().activeKeyId(), config.pii().hashKey());
    FamilyDoctorApi familyDoctor = new FamilyDoctorApi(vertx, pool, reads, new HouseholdDirectory(pool, pii), cachedReads, config, meters);
    searchIndexes.add(familyDoctor.searchIndex());
    // Contracts past their term expire without anyone acting; every instance may run this, it is one idempotent statement.
    timers.add(vertx.setPeriodic(config.familyDoctor().expiryInterval().toMillis(), id -> familyDoctor.expireDueContracts()
        .onSuccess(n -> { if (n > 0) LOG.info("Expired {} family doctor contracts", n); })
        .onFailure(e -> LOG.warn("Contract expiry run failed: {}", e.getMessage()))));
    // Stored first responses are kept a day, long past any client's retries.
    timers.add(vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> new Idempotency(pool).forgetOlderThan(Duration.ofDays(1))
        .onFailure(e -> LOG.warn("Idempotency key cleanup failed: {}", e.getMessage()))));
    this.auth = auth;
    this.contract = contract;
    this.rateLimits = new RateLimitHandler(new RateLimiter(vertx, redis, jobClock), auth, config.rateLimits(), meters);
    FacilitiesApi facilities = new FacilitiesApi(vertx, pool, reads, cachedReads, config, meters);
    searchIndexes.add(facilities.searchIndex());
    TourismApi tourism = new TourismApi(vertx, pool, reads, cachedReads, config, meters);
    searchIndexes.add(tourism.searchIndex());
    ChangesApi changes = new ChangesApi(pool, List.of(facilities.listings(), tourism.listings(), familyDoctor.teamListings()),
        config.changes().cursorMaxAge(), jobClock);
    timers.add(vertx.setPeriodic(config.changes().compactionInterval().toMillis(), id -> changes.compact()
        .onFailure(e -> LOG.warn("Change log compaction failed: {}", e.getMessage()))));
    // Delta-sync lag, measured every 15 s rather than on each scrape (a scrape must not query the database).
    AtomicReference<Double> lag = new AtomicReference<>(0.0);
    meters.gauge("hp.changes.lag.seconds", "Age of the oldest committed change that delta sync cannot hand out yet", lag::get);
    timers.add(vertx.setPeriodic(Duration.ofSeconds(15).toMillis(), id -> changes.lagSeconds().onSuccess(lag::set)
        .onFailure(e -> LOG.debug("Delta-sync lag not measured: {}", e.getMessage()))));
    Readiness readiness = new Readiness(vertx, config.readinessCheckTimeout(), pool, redis, auth,
        config.auth().realmUrl().orElseThrow() + "/protocol/openid-connect/certs");
    ConsoleModule console = new ConsoleModule(vertx, pool, pii, auth, config, java.time.Clock.systemUTC());
    timers.add(vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> console.forgetExpiredSessions()
        .onFailure(e -> LOG.warn("Console session cleanup failed: {}", e.getMessage()))));
    notifications = new NotificationsApi(vertx, pool, config, meters);
    notifications.start();
    RegionsApi regions = new RegionsApi(pool, cachedReads);
    this.modules = List.of(
        new OperationsApi(readiness),
        regions,
        new IdentityApi(),
        facilities,
        tourism,
        new ResidentsApi(pool, pii, CLOCK),
        familyDoctor,
        changes,
        new WebhooksApi(vertx, pool, config.webhooks()),
        notifications,
        new BedWatchesApi(pool, config.notifications()),
        new ExportsApi(reads, cachedReads, config, CLOCK),
        new FhirApi(facilities.publicListings(), tourism.publicListings(), familyDoctor.publicTeams(), regions::region,
            config.console().publicUrl(), App.class.getPackage().getImplementationVersion()),
        console);
    searchIndexes.forEach(LiveIndex::start);
    if (config.webhooks().dispatch()) {
      dispatcher = new WebhookDispatcher(vertx, pool, config.webhooks(), tracing, meters);
      dispatcher.start();
    }
    if (config.notifications().feed()) {
      notificationFeeder = new NotificationFeeder(vertx, pool, config.notifications());
      notificationFeeder.start();
    }
    if (config.notifications().push().enabled()) {
      pushDispatcher = new PushDispatcher(vertx, pool, config.notifications().push(), jobClock, meters);
      pushDispatcher.start();
    }
    shutdown = new ShutdownSequence(vertx, config.shutdown(), readiness, publicServers)
        .thenStop(this::stopBackgroundWork)
        .thenClose(() -> management == null ? Future.succeededFuture() : management.close())
        .thenClose(pool::close)
        .thenClose(this::closeClients);
    int instances = config.http().instances() > 0 ? config.http().instances() : Runtime.getRuntime().availableProcessors();
    return vertx.deployVerticle(
            () -> new HttpVerticle(config.http(), this::router, publicServers::add),
            new DeploymentOptions().setInstances(instances))
        .compose(id -> ManagementServer.start(vertx, config.management(), metrics.registry()))
        .map(server -> {
          management = server;
          return "started";
        });
  }

  /** A router builder with every module bound, before the unbound-operation check (for tests). */
  public Future<RouterBuilder> routerBuilder() {
    return routerBuilder(modules);
  }

  /** A router builder with only {@code these} modules bound, before the unbound-operation check (for tests). */
  public Future<RouterBuilder> routerBuilder(List<ApiModule> these) {
    return ApiRouter.builder(vertx, contract, config.http(), tracing, auth.handler(), rateLimits, these);
  }

  /** The API modules, in the order they bind their operations. */
  public List<ApiModule> modules() {
    return modules;
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

  /** The orderly shutdown (see {@link ShutdownSequence}): what SIGTERM runs. */
  public Future<Void> shutdown() {
    return shutdown != null ? shutdown.run() : stop();
  }

  /** Closes everything at once, without draining (tests, and a start that failed); safe to call twice. */
  public Future<Void> stop() {
    stopTimers();
    if (dispatcher != null) dispatcher.stop();
    if (pushDispatcher != null) pushDispatcher.stop();
    return closeClients();
  }

  private Future<?> stopBackgroundWork() {
    stopTimers();
    // Deliveries in flight are recorded (delivered or failed) before the pool closes.
    return Future.all(dispatcher != null ? dispatcher.stop() : Future.succeededFuture(),
        pushDispatcher != null ? pushDispatcher.stop() : Future.succeededFuture(),
        notifications != null ? notifications.stop() : Future.succeededFuture());
  }

  private void stopTimers() {
    timers.forEach(vertx::cancelTimer);
    if (notificationFeeder != null) notificationFeeder.stop();
    searchIndexes.forEach(LiveIndex::stop);
    if (reads != null) reads.stop();
  }

  private Future<Void> closeClients() {
    try {
      redis.close();
    } catch (RuntimeException e) {
      LOG.debug("Redis close: {}", e.getMessage());
    }
    tracing.close();
    return vertx.close();
  }
}
