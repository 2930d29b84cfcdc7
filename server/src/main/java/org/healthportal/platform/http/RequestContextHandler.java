package org.healthportal.platform.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every request (a platform handler, so it runs before body reading): assigns the request id, sets security headers and writes the
 * access log line (method, path, status, bytes, latency, request id). Query strings and bodies are
 * never logged: they may carry personal data.
 */
public final class RequestContextHandler implements PlatformHandler {

  private static final Logger ACCESS = LoggerFactory.getLogger("access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String id = RequestIds.assign(ctx);
    MultiMap headers = ctx.response().headers();
    headers.set(RequestIds.HEADER, id)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        .set("Content-Security-Policy", ctx.request().path().startsWith("/docs")
            ? "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
            : "default-src 'none'; frame-ancestors 'none'");
    ctx.addEndHandler(v -> ACCESS.info("{} {} {} {}B {}ms rid={}",
        ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode(),
        ctx.response().bytesWritten(), (System.nanoTime() - start) / 1_000_000, id));
    ctx.next();
  }
}
