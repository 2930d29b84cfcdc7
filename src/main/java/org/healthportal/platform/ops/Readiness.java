package org.healthportal.platform.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.Supplier;
import org.healthportal.platform.auth.TokenAuth;
import org.healthportal.platform.cache.RedisCache;

/**
 * Checks of the readiness probe. PostgreSQL and the signing keys are required; Redis is optional
 * (a cache), so its failure degrades the service rather than taking it down. Every check has its own
 * time limit: a frozen dependency makes the probe answer DOWN promptly, never hang. Once shutdown
 * begins the probe answers DOWN at once, so the load balancer stops sending new requests.
 */
public final class Readiness {

  private record Check(String name, boolean required, Supplier<Future<?>> probe) {}

  private final Vertx vertx;
  private final Duration timeout;
  private final List<Check> checks;
  private volatile boolean shuttingDown;

  /**
   * @param keySource where the realm publishes its keys (its JWKS URL): while the keys are cached,
   *     tokens keep verifying even if Keycloak is down, so its state is shown but does not make the
   *     instance unready
   */
  public Readiness(Vertx vertx, Duration timeout, Pool pool, RedisCache redis, TokenAuth auth, String keySource) {
    this.vertx = vertx;
    this.timeout = timeout;
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeout.toMillis()).setKeepAlive(false));
    this.checks = List.of(
        new Check("postgresql", true, () -> pool.query("SELECT 1").execute()),
        new Check("redis", false, () -> redis.skipping()
            ? Future.failedFuture("not answering; skipped until a background probe succeeds") : redis.ping()),
        new Check("keycloak-keys", true, () -> auth.keysLoaded() ? Future.succeededFuture() : auth.reloadKeys()),
        new Check("keycloak", false, () -> web.getAbs(keySource).timeout(timeout.toMillis()).send()
            .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : Future.failedFuture("HTTP " + r.statusCode()))));
  }

  /** From now on the probe answers DOWN: the instance is shutting down. */
  public void markShuttingDown() {
    shuttingDown = true;
  }

  /** Runs every check; the result carries {@code status} UP, DEGRADED or DOWN and one entry per check. */
  public Future<JsonObject> check() {
    if (shuttingDown) {
      return Future.succeededFuture(new JsonObject().put("status", "DOWN").put("checks", new JsonArray()
          .add(new JsonObject().put("name", "shutdown").put("status", "DOWN").put("latencyMs", 0)
              .put("detail", "the instance is shutting down"))));
    }
    List<Future<JsonObject>> results = checks.stream().map(this::run).toList();
    return Future.join(results).transform(ignored -> {
      JsonArray entries = new JsonArray();
      String overall = "UP";
      for (int i = 0; i < checks.size(); i++) {
        JsonObject entry = results.get(i).result();
        entries.add(entry);
        if (!"UP".equals(entry.getString("status"))) {
          overall = checks.get(i).required() ? "DOWN" : ("DOWN".equals(overall) ? "DOWN" : "DEGRADED");
        }
      }
      return Future.succeededFuture(new JsonObject().put("status", overall).put("checks", entries));
    });
  }

  private Future<JsonObject> run(Check check) {
    long start = System.nanoTime();
    Future<?> probe;
    try {
      probe = check.probe().get();
    } catch (RuntimeException e) {
      probe = Future.failedFuture(e);
    }
    return withTimeout(probe).transform(ar -> {
      JsonObject entry = new JsonObject().put("name", check.name())
          .put("status", ar.succeeded() ? "UP" : "DOWN")
          .put("latencyMs", (System.nanoTime() - start) / 1_000_000);
      if (ar.failed()) entry.put("detail", ar.cause().getMessage() == null ? ar.cause().getClass().getSimpleName() : ar.cause().getMessage());
      return Future.succeededFuture(entry);
    });
  }

  /** The probe's outcome, or a failure once the time limit has passed (the probe itself is left to finish). */
  private Future<?> withTimeout(Future<?> probe) {
    Promise<Object> outcome = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(), id -> outcome.tryFail(
        new java.util.concurrent.TimeoutException("no answer within " + timeout.toMillis() + " ms")));
    probe.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) outcome.tryComplete(ar.result());
      else outcome.tryFail(ar.cause());
    });
    return outcome.future();
  }
}
