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
      throw Problem.invalidField("path", name, Text.of("problem.uuid", name));
    }
  }

  /** Optional query parameters of a validated request, absent ones as null. */
  public record Query(java.util.Map<String, io.vertx.openapi.validation.RequestParameter> params) {

    /**
     * Parameters that code (not a client) chose, already in the contract's shape: strings, numbers,
     * booleans, and a {@link io.vertx.core.json.JsonArray} for a repeated parameter.
     */
    public static Query of(java.util.Map<String, Object> values) {
      java.util.Map<String, io.vertx.openapi.validation.RequestParameter> params = new java.util.HashMap<>();
      values.forEach((name, value) -> params.put(name, () -> value));
      return new Query(params);
    }

    private io.vertx.openapi.validation.RequestParameter present(String name) {
      var p = params.get(name);
      return p == null || p.isNull() ? null : p;
    }

    public String string(String name) {
      var p = present(name);
      return p == null ? null : p.getString();
    }

    public Integer integer(String name) {
      var p = present(name);
      return p == null ? null : p.getInteger();
    }

    public Double number(String name) {
      var p = present(name);
      return p == null ? null : p.getDouble();
    }

    public Boolean bool(String name) {
      var p = present(name);
      return p == null ? null : p.getBoolean();
    }

    public io.vertx.core.json.JsonArray array(String name) {
      var p = present(name);
      return p == null ? new io.vertx.core.json.JsonArray() : p.getJsonArray();
    }

    /**
     * A repeated string parameter's values, sorted and without duplicates: the canonical form, so
     * equal searches share cache keys and cursors whatever order the client listed them in.
     */
    public java.util.List<String> distinctSorted(String name) {
      java.util.TreeSet<String> values = new java.util.TreeSet<>();
      array(name).forEach(v -> values.add((String) v));
      return java.util.List.copyOf(values);
    }

    /** A UUID parameter; 400 naming it when malformed. */
    public UUID uuid(String name) {
      String value = string(name);
      try {
        return value == null ? null : UUID.fromString(value);
      } catch (IllegalArgumentException e) {
        throw Problem.invalidField("query", name, Text.of("problem.uuid", name));
      }
    }
  }

  public static Query query(RoutingContext ctx) {
    return new Query(validated(ctx).getQuery());
  }

  /** The body, decoded into a generated contract model. */
  public static <T> T body(RoutingContext ctx, Class<T> type) {
    return Json.decode(validated(ctx).getBody().getJsonObject().encode(), type);
  }
}
