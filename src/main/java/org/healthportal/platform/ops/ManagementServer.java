package org.healthportal.platform.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.healthportal.platform.config.AppConfig;

/**
 * The management port: {@code GET /metrics} for Prometheus (described in
 * {@code api-spec/management.yaml}). It is a server of its own so that metrics never reach the
 * public port, where they would tell anyone the traffic and error rates of every route.
 */
public final class ManagementServer {

  private ManagementServer() {}

  public static Future<HttpServer> start(Vertx vertx, AppConfig.Management config, PrometheusMeterRegistry registry) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(registry.scrape()));
    router.route().handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader("Content-Type", "application/problem+json")
        .end("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
            + "\"detail\":\"The management port serves GET /metrics only.\"}"));
    return vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(router)
        .listen();
  }
}
