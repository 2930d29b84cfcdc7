package org.healthportal.platform.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.UUID;

/** Reading a request that the router has already validated against the contract. */
public final class Requests {

  private Requests() {}

  public static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  /** A UUID path parameter; 400 naming it when malformed (the validator treats {@code format} as a hint). */
  public static UUID uuidPathParam(RoutingContext ctx, String name) {
    String value = validated(ctx).getPathParameters().get(name).getString();
    try {
      if (value.length() != 36) throw new IllegalArgumentException();
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw Problem.invalidField("path", name, name + " must be a UUID");
    }
  }

  /** The body, decoded into a generated contract model. */
  public static <T> T body(RoutingContext ctx, Class<T> type) {
    return Json.decode(validated(ctx).getBody().getJsonObject().encode(), type);
  }
}
