package org.healthportal.platform.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;

/**
 * The bound a client can count on: a request whose answer has not started within
 * {@code http.response-timeout-ms} gets 503 with Retry-After, whatever a dependency is doing (a
 * frozen database keeps its connections open and answers nothing; the pool's own time-outs only
 * cover waiting for a connection). A response that has started (a streamed export) is not cut.
 * Whatever the late handler writes afterwards is dropped (see {@link Json} and {@link ProblemHandler}).
 */
final class ResponseDeadline implements PlatformHandler {

  private final long timeoutMs;

  ResponseDeadline(Duration timeout) {
    this.timeoutMs = timeout.toMillis();
  }

  @Override
  public void handle(RoutingContext ctx) {
    long timer = ctx.vertx().setTimer(timeoutMs, id -> {
      if (!ctx.response().headWritten() && !ctx.response().ended()) {
        ctx.fail(Problem.of(ProblemType.UNAVAILABLE, "unavailable.deadline", timeoutMs));
      }
    });
    ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }
}
