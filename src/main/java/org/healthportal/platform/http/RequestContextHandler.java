package org.healthportal.platform.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import org.healthportal.platform.config.TrustedProxies;
import org.healthportal.platform.tracing.RequestTrace;
import org.healthportal.platform.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * First handler of every request (a platform handler, so it runs before body reading): assigns the
 * request id, works out the client address (see {@link ClientAddress}), continues or starts the
 * trace, sets security headers and writes the access log line. Query strings and bodies are never
 * logged: they may carry personal data; the route template is logged instead of the path's ids.
 */
public final class RequestContextHandler implements PlatformHandler {

  private static final Logger ACCESS = LoggerFactory.getLogger("access");
  /** The contract's path template of the matched operation, set by {@link RouteTemplates}. */
  static final String ROUTE_KEY = "routeTemplate";

  private final TrustedProxies trustedProxies;
  private final Tracing tracing;
  private final OpenAPIContract contract;

  public RequestContextHandler(TrustedProxies trustedProxies, Tracing tracing, OpenAPIContract contract) {
    this.trustedProxies = trustedProxies;
    this.tracing = tracing;
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String id = RequestIds.assign(ctx);
    String client = ClientAddress.assign(ctx, trustedProxies);
    Span span = tracing.start(ctx.request().method().name(), SpanKind.SERVER, ctx.request().getHeader("traceparent"));
    String traceparent = Tracing.traceparent(span.getSpanContext());
    RequestTrace.set(traceparent);
    MultiMap headers = ctx.response().headers();
    headers.set(RequestIds.HEADER, id)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        .set("Content-Security-Policy", contentSecurityPolicy(ctx.request().path()));
    ctx.addEndHandler(v -> {
      int status = ctx.response().getStatusCode();
      long latencyMs = (System.nanoTime() - start) / 1_000_000;
      String route = routeOf(ctx);
      span.updateName(ctx.request().method().name() + " " + route);
      span.setAttribute("http.route", route);
      span.setAttribute("http.response.status_code", status);
      if (status >= 500) span.setStatus(StatusCode.ERROR);
      span.end();
      MDC.put("requestId", id);
      MDC.put("traceId", span.getSpanContext().getTraceId());
      MDC.put("route", route);
      MDC.put("status", Integer.toString(status));
      MDC.put("latencyMs", Long.toString(latencyMs));
      MDC.put("client", client);
      try {
        ACCESS.info("{} {} {} {}B {}ms rid={}", ctx.request().method(), route, status, ctx.response().bytesWritten(), latencyMs, id);
      } finally {
        MDC.clear();
      }
    });
    ctx.next();
  }

  private static String contentSecurityPolicy(String path) {
    if (path.startsWith("/docs")) return "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
    // The problem types page: its style is inline, and there is nothing else to load.
    if (path.equals("/problems")) return "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
    return "default-src 'none'; frame-ancestors 'none'";
  }

  /**
   * The contract's path template. A request refused before its operation's handlers ran (a 401, a
   * 413) is looked up in the contract; one that matches no operation is logged as such, never by
   * its path.
   */
  private String routeOf(RoutingContext ctx) {
    String template = ctx.get(ROUTE_KEY);
    if (template != null) return template;
    String path = ctx.request().path();
    if (path.startsWith("/docs")) return "/docs/*";
    if (path.startsWith("/console/")) return "/console/*"; // the staff console's pages (their ids stay out of the log)
    try {
      Operation operation = contract.findOperation(path, ctx.request().method());
      if (operation != null) return operation.getOpenAPIPath();
    } catch (RuntimeException unmatched) {
      // falls through
    }
    return "(no route)";
  }
}
