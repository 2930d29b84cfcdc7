package org.healthportal.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Parameter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A query parameter may appear once unless the contract declares it as an exploded array
 * ({@code kind=a&kind=b}): for {@code limit=1&limit=2}, or a comma-separated list given twice, the
 * validator would silently take one of them, so which one the client meant is unknowable. Such a
 * request gets a 400 naming the parameter.
 */
final class SingleValuedParameters {

  private SingleValuedParameters() {}

  static void install(RouterBuilder builder) {
    for (OpenAPIRoute route : builder.getRoutes()) {
      Set<String> single = route.getOperation().getParameters().stream()
          .filter(p -> p.getIn() == Location.QUERY && !(p.getSchemaType() == SchemaType.ARRAY && p.isExplode()))
          .map(Parameter::getName)
          .collect(Collectors.toUnmodifiableSet());
      if (!single.isEmpty()) route.getHandlers().add(0, new Check(single));
    }
  }

  /** True for the handler {@link #install} adds (it binds nothing). */
  static boolean isCheck(Handler<RoutingContext> handler) {
    return handler instanceof Check;
  }

  private record Check(Set<String> singleValued) implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
      for (String name : singleValued) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
          ctx.fail(Problem.validation(List.of(new Problem.FieldError(name, "query", Text.of("malformed.repeated", values.size())))));
          return;
        }
      }
      ctx.next();
    }
  }
}
