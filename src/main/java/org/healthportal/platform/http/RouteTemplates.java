package org.healthportal.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Tags each request with the contract's path template of its operation ({@code /v1/facilities/{id}}),
 * for the access log and the request's span: ids stay out of both, and requests group by route.
 */
final class RouteTemplates {

  private RouteTemplates() {}

  static void install(RouterBuilder builder) {
    for (OpenAPIRoute route : builder.getRoutes()) {
      route.getHandlers().add(0, new Tag(route.getOperation().getOpenAPIPath()));
    }
  }

  /** True for the handler {@link #install} adds (it binds nothing). */
  static boolean isTag(Handler<RoutingContext> handler) {
    return handler instanceof Tag;
  }

  private record Tag(String template) implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.put(RequestContextHandler.ROUTE_KEY, template);
      ctx.next();
    }
  }
}
