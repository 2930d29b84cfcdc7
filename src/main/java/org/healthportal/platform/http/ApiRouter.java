package org.healthportal.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.OAuth2AuthHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.Set;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.tracing.Tracing;

/**
 * Builds the HTTP router from the contract: every request is validated against it, every operation
 * is bound to its module's handler, and every error leaves through {@link ProblemHandler}.
 */
public final class ApiRouter {

  /** The security scheme name in the contract. */
  public static final String SECURITY_SCHEME = "keycloak";

  private ApiRouter() {}

  /** @param rateLimits fair use, checked once the (size-capped) body has arrived */
  public static Future<RouterBuilder> builder(Vertx vertx, OpenAPIContract contract, AppConfig.Http http, Tracing tracing,
      OAuth2AuthHandler auth, Handler<RoutingContext> rateLimits, List<ApiModule> modules) {
    // withBodyHandler(): the body is read by the BodyHandler below (size-capped), not by the validator.
    // Validation itself is InlineRequestValidator's, installed once the modules are bound.
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(new RequestContextHandler(http.trustedProxies(), tracing, contract));
    builder.rootHandler(MalformedRequests.uriGuard());
    builder.rootHandler(new ResponseDeadline(http.responseTimeout()));
    if (!http.corsOrigins().isEmpty()) builder.rootHandler(cors(http.corsOrigins()));
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(http.bodyLimitBytes()));
    builder.rootHandler(MalformedRequests.bodyGuard());
    builder.rootHandler(rateLimits);
    builder.rootHandler(ctx -> {
      // Validate merge-patch bodies as the JSON they are (see Contract).
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(Contract.MERGE_PATCH)) {
        ctx.request().headers().set("Content-Type", "application/json");
        ctx.put("mergePatch", true);
      }
      ctx.next();
    });
    modules.forEach(m -> m.bind(builder));
    // Each inserts its handler first: the route is tagged, then repeats are refused, then the request is validated.
    InlineRequestValidator.install(vertx, contract, RequestExtractor.withBodyHandler(), builder);
    SingleValuedParameters.install(builder);
    RequestMediaTypes.install(builder);
    RouteTemplates.install(builder);
    // Tokens are verified by our own locally-validating provider, whatever URL the contract names.
    return builder.security(SECURITY_SCHEME).openIdConnectHandler(discoveryUrl -> Future.succeededFuture(auth));
  }

  /** Operation ids of the contract that no module bound a handler to. */
  public static List<String> unboundOperations(RouterBuilder builder) {
    return builder.getRoutes().stream()
        .filter(r -> boundHandlers(r).isEmpty())
        .map(r -> r.getOperation().getOperationId())
        .sorted()
        .toList();
  }

  /** The handlers a module bound to a route: all but those this class installs on every route. */
  public static List<Handler<RoutingContext>> boundHandlers(OpenAPIRoute route) {
    return route.getHandlers().stream()
        .filter(h -> !(InlineRequestValidator.isValidation(h) || RouteTemplates.isTag(h) || SingleValuedParameters.isCheck(h)
            || RequestMediaTypes.isCheck(h)))
        .toList();
  }

  /** The finished router; refuses to build when an operation is unbound (it would answer an empty 503). */
  public static Router create(RouterBuilder builder, List<ApiModule> modules) {
    List<String> unbound = unboundOperations(builder);
    if (!unbound.isEmpty()) throw new IllegalStateException("Operations without a handler: " + unbound);
    Router router = builder.createRouter();
    modules.forEach(m -> m.addExtraRoutes(router));
    ProblemHandler problems = new ProblemHandler();
    router.route().failureHandler(problems);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500, 503}) {
      router.errorHandler(status, problems);
    }
    return router;
  }

  private static CorsHandler cors(List<String> origins) {
    CorsHandler cors = origins.contains("*") ? CorsHandler.create() : CorsHandler.create().addOrigins(origins);
    return cors
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", RequestIds.HEADER))
        .exposedHeaders(Set.of("ETag", "Location", "Retry-After", "RateLimit", "RateLimit-Policy", RequestIds.HEADER));
  }

}
