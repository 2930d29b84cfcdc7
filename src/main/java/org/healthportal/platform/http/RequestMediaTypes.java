package org.healthportal.platform.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Locale;
import io.vertx.core.Handler;

/**
 * A request body is taken only in the media type the contract declares for the operation:
 * {@code application/json}, or {@code application/merge-patch+json} for a PATCH. Anything else is a
 * 415 that says which type to send, before any parser can read the body the wrong way (a form
 * parser reading JSON, or JSON read as a merge patch).
 */
final class RequestMediaTypes {

  private RequestMediaTypes() {}

  static void install(RouterBuilder builder) {
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (route.getOperation().getRequestBody() == null) continue;
      boolean mergePatch = Boolean.TRUE.equals(route.getOperation().getExtensions().get(Contract.MERGE_PATCH_EXTENSION));
      route.getHandlers().add(0, new Check(mergePatch ? Contract.MERGE_PATCH : "application/json"));
    }
  }

  /** True for the handler {@link #install} adds (it binds nothing). */
  static boolean isCheck(Handler<RoutingContext> handler) {
    return handler instanceof Check;
  }

  private record Check(String expected) implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
      // A merge patch arrives relabelled as JSON for the validator (ApiRouter); the original type is remembered.
      String sent = Boolean.TRUE.equals(ctx.get("mergePatch")) ? Contract.MERGE_PATCH : mediaType(ctx.request().getHeader("Content-Type"));
      boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
      if (sent == null && !hasBody) {
        ctx.next(); // no body at all: the validator says whether one is required
      } else if (sent == null) {
        ctx.fail(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "media-type.missing", expected));
      } else if (!sent.equals(expected)) {
        ctx.fail(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "media-type.expected", expected, sent));
      } else {
        ctx.next();
      }
    }
  }

  /** The media type without parameters, lower-case ({@code application/json; charset=utf-8} is {@code application/json}). */
  static String mediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) return null;
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
