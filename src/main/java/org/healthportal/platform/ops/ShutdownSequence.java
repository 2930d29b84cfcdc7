package org.healthportal.platform.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.healthportal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orderly end of an instance, as a Kubernetes rollout needs it:
 * <ol>
 *   <li>readiness answers 503 at once, so endpoints stop routing here;</li>
 *   <li>for the grace period new connections are still served (endpoint updates take a moment to
 *       reach every proxy), then the public servers stop accepting;</li>
 *   <li>requests in flight finish, up to the drain time;</li>
 *   <li>background work (webhook deliveries, timers) stops;</li>
 *   <li>pools and clients close.</li>
 * </ol>
 * Running it twice runs it once.
 */
public final class ShutdownSequence {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

  private final Vertx vertx;
  private final AppConfig.Shutdown config;
  private final Readiness readiness;
  private final List<HttpServer> publicServers;
  private final List<Supplier<Future<?>>> backgroundWork = new ArrayList<>();
  private final List<Supplier<Future<?>>> resources = new ArrayList<>();
  private Future<Void> running;

  /** @param publicServers filled as the HTTP verticles start listening */
  public ShutdownSequence(Vertx vertx, AppConfig.Shutdown config, Readiness readiness, List<HttpServer> publicServers) {
    this.vertx = vertx;
    this.config = config;
    this.readiness = readiness;
    this.publicServers = publicServers;
  }

  /** Stops background work (step 4): timers, deliveries in flight. */
  public ShutdownSequence thenStop(Supplier<Future<?>> work) {
    backgroundWork.add(work);
    return this;
  }

  /** Closes a resource (step 5), after everything that uses it has stopped. */
  public ShutdownSequence thenClose(Supplier<Future<?>> resource) {
    resources.add(resource);
    return this;
  }

  public synchronized Future<Void> run() {
    if (running != null) return running;
    long start = System.nanoTime();
    readiness.markShuttingDown();
    LOG.info("Shutting down: readiness is DOWN; accepting new connections for {} s more, then draining for up to {} s",
        config.grace().toSeconds(), config.drain().toSeconds());
    running = delay(config.grace().toMillis())
        .compose(v -> {
          LOG.info("Shutting down: no new connections; waiting for requests in flight");
          List<Future<Void>> drained = publicServers.stream()
              .map(s -> s.shutdown(config.drain().toMillis(), TimeUnit.MILLISECONDS)).toList();
          return Future.join(drained).<Void>mapEmpty().otherwiseEmpty();
        })
        .compose(v -> inOrder(backgroundWork))
        .compose(v -> inOrder(resources))
        .onComplete(ar -> LOG.info("Shut down in {} ms", (System.nanoTime() - start) / 1_000_000));
    return running;
  }

  private Future<Void> delay(long ms) {
    if (ms <= 0) return Future.succeededFuture();
    Promise<Void> done = Promise.promise();
    vertx.setTimer(ms, id -> done.complete());
    return done.future();
  }

  /** Each step after the previous one, whatever became of it: a failed step must not skip the rest. */
  private static Future<Void> inOrder(List<Supplier<Future<?>>> steps) {
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<?>> step : steps) {
      chain = chain.transform(ar -> {
        try {
          return step.get().<Void>mapEmpty().recover(e -> {
            LOG.warn("Shutdown step failed: {}", e.getMessage());
            return Future.succeededFuture();
          });
        } catch (RuntimeException e) {
          LOG.warn("Shutdown step failed: {}", e.getMessage());
          return Future.succeededFuture();
        }
      });
    }
    return chain;
  }
}
