package org.healthportal.platform.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpServer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.healthportal.platform.config.AppConfig;

/** One HTTP server instance; several are deployed (one per core) sharing the port. */
public final class HttpVerticle extends VerticleBase {

  private final AppConfig.Http config;
  private final Supplier<Future<Router>> routerFactory;
  private final Consumer<HttpServer> listening;

  /** @param listening told of the server once it listens (graceful shutdown drains each one) */
  public HttpVerticle(AppConfig.Http config, Supplier<Future<Router>> routerFactory, Consumer<HttpServer> listening) {
    this.config = config;
    this.routerFactory = routerFactory;
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setCompressionSupported(true)
        .setDecompressionSupported(true)
        // Long query strings (a 10,000-character search text) must reach the validator and get a
        // problem document, not a bare 414 from the HTTP codec.
        .setMaxInitialLineLength(64 * 1024)
        .setMaxHeaderSize(64 * 1024)
        // The same for HTTP/2 (h2c upgrade), where the query string travels in the :path header.
        .setInitialSettings(new Http2Settings().setMaxHeaderListSize(64 * 1024));
    return routerFactory.get()
        .compose(router -> vertx.createHttpServer(options).requestHandler(router).invalidRequestHandler(new InvalidRequests()).listen())
        .onSuccess(listening::accept);
  }
}
