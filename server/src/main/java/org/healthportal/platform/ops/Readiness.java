package org.healthportal.platform.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.Supplier;
import org.healthportal.platform.auth.TokenAuth;
import org.healthportal.platform.cache.RedisCache;

/**
 * Checks of the readiness probe. PostgreSQL and the signing keys are required; Redis is optional
 * (a cache), so its failure degrades the service rather than taking it down.
 */
public final class Readiness {

  private record Check(String name, boolean required, Supplier<Future<?>> probe) {}

  private final List<Check> checks;

  public Readiness(Pool pool, RedisCache redis, TokenAuth auth) {
    this.checks = List.of(
        new Check("postgresql", true, () -> pool.query("SELECT 1").execute()),
        new Check("redis", false, redis::ping),
        new Check("keycloak-keys", true, () -> auth.keysLoaded() ? Future.succeededFuture() : auth.reloadKeys()));
  }

  /** Runs every check; the result carries {@code status} UP, DEGRADED or DOWN and one entry per check. */
  public Future<JsonObject> check() {
    List<Future<JsonObject>> results = checks.stream().map(Readiness::run).toList();
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

  private static Future<JsonObject> run(Check check) {
    long start = System.nanoTime();
    Future<?> probe;
    try {
      probe = check.probe().get();
    } catch (RuntimeException e) {
      probe = Future.failedFuture(e);
    }
    return probe.transform(ar -> {
      JsonObject entry = new JsonObject().put("name", check.name())
          .put("status", ar.succeeded() ? "UP" : "DOWN")
          .put("latencyMs", (System.nanoTime() - start) / 1_000_000);
      if (ar.failed()) entry.put("detail", ar.cause().getMessage() == null ? ar.cause().getClass().getSimpleName() : ar.cause().getMessage());
      return Future.succeededFuture(entry);
    });
  }
}
