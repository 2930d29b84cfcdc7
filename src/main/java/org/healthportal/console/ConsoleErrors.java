package org.healthportal.console;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.healthportal.platform.db.Unavailable;
import org.healthportal.platform.http.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A console page that could not be made is an HTML page, not a problem document: a dependency that
 * is down is a 503 with Retry-After and "try again shortly"; anything else is a bug, logged with the
 * request id the page shows.
 */
final class ConsoleErrors implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleErrors.class);

  private final ConsolePages pages;

  ConsoleErrors(ConsolePages pages) {
    this.pages = pages;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended()) return;
    if (!ctx.request().path().startsWith("/console/")) {
      // The route pattern also matches /console itself, a contract route: its failures are problem documents.
      ctx.next();
      return;
    }
    Throwable failure = ctx.failure();
    boolean unavailable = failure != null && (Unavailable.isDatabaseUnavailable(failure) || failure instanceof java.net.ConnectException
        || failure instanceof io.netty.channel.ConnectTimeoutException || failure instanceof java.util.concurrent.TimeoutException
        || failure instanceof io.vertx.core.http.HttpClosedException || String.valueOf(failure.getMessage()).contains("timeout"));
    int refused = failure instanceof org.healthportal.platform.http.Problem p ? p.status()
        : failure instanceof io.vertx.ext.web.handler.HttpException h ? h.getStatusCode() : failure == null ? ctx.statusCode() : 500;
    if (refused >= 400 && refused < 500) {
      // A request the platform refused before the page ran (a malformed form, too large a body).
      pages.render(ctx, refused, "error", pages.frame(ctx, "error.bad-request.title"), Map.of("message", "error.bad-request", "requestId", RequestIds.of(ctx)));
    } else if (unavailable) {
      LOG.warn("Console page unavailable [{}] {}: {}", RequestIds.of(ctx), ctx.request().path(), String.valueOf(failure));
      ctx.response().putHeader("Retry-After", "5");
      pages.render(ctx, 503, "error", pages.frame(ctx, "error.unavailable.title"), Map.of("message", "error.unavailable", "requestId", RequestIds.of(ctx)));
    } else {
      LOG.error("Console page failed [{}] {}", RequestIds.of(ctx), ctx.request().path(), failure);
      pages.render(ctx, 500, "error", pages.frame(ctx, "error.bug.title"), Map.of("message", "error.bug", "requestId", RequestIds.of(ctx)));
    }
  }
}
