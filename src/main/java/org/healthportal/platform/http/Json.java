package org.healthportal.platform.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** JSON for the generated contract models: one mapper, ISO dates, nulls left out. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new io.vertx.core.json.jackson.VertxModule()) // JsonObject/JsonArray inside models
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Json() {}

  public static String encode(Object value) {
    if (value instanceof io.vertx.core.json.JsonObject json) return json.encode();
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T decode(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read " + type.getSimpleName(), e);
    }
  }

  /** Sends {@code value} as JSON with the given status. */
  public static void send(RoutingContext ctx, int status, Object value) {
    if (ctx.response().ended()) return; // the response deadline answered already
    String json = encode(value);
    if (status == 200 && ctx.request().method() == io.vertx.core.http.HttpMethod.GET) {
      // Anything a client may poll answers conditionally: with the ETag the handler chose (a
      // version), or one derived from the body, and 304 when the client already has it.
      String etag = ctx.response().headers().get("ETag");
      ETags.sendJson(ctx, json, etag != null ? etag : ETags.ofBody(json));
      return;
    }
    sendRaw(ctx, status, json);
  }

  /** Sends an already serialized JSON document (for example from the cache). */
  public static void sendRaw(RoutingContext ctx, int status, String json) {
    if (ctx.response().ended()) return; // the response deadline answered already
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(json));
  }
}
