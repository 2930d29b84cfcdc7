package org.healthportal.platform.http;

import java.util.List;

/**
 * An RFC 9457 problem raised by application code; the failure handler renders it as
 * {@code application/problem+json}. {@code slug} becomes the last segment of the {@code type} URI.
 */
public final class Problem extends RuntimeException {

  public static final String TYPE_BASE = "https://health-portal.example/problems/";

  /** One failing input: where ({@code query}, {@code path}, {@code header}, {@code body}) and why. */
  public record FieldError(String field, String in, String detail) {}

  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;

  public Problem(int status, String slug, String title, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public Problem(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, List.of());
  }

  public static Problem validation(String detail, List<FieldError> errors) {
    return new Problem(400, "validation", "Request is not valid", detail, errors);
  }

  public static Problem invalidField(String in, String field, String detail) {
    return validation(detail, List.of(new FieldError(field, in, detail)));
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Authentication required", detail);
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Not allowed", detail);
  }

  /** 503: a dependency cannot answer now; the client should retry after {@link #RETRY_AFTER_SECONDS}. */
  public static Problem unavailable(String detail) {
    return new Problem(503, "unavailable", "Service unavailable", detail);
  }

  /** What a 503 tells the client to wait before retrying. */
  public static final int RETRY_AFTER_SECONDS = 5;

  public static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail);
  }

  /** The document fields that do not depend on the request (no instance, no request id). */
  public io.vertx.core.json.JsonObject toDocument() {
    io.vertx.core.json.JsonObject doc = new io.vertx.core.json.JsonObject()
        .put("type", type()).put("title", title).put("status", status).put("detail", detail());
    if (!errors.isEmpty()) {
      io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
      errors.forEach(e -> list.add(new io.vertx.core.json.JsonObject().put("field", e.field()).put("in", e.in()).put("detail", e.detail())));
      doc.put("errors", list);
    }
    return doc;
  }

  /** The problem a stored {@link #toDocument()} describes. */
  public static Problem fromDocument(io.vertx.core.json.JsonObject doc) {
    String type = doc.getString("type", TYPE_BASE + "client-error");
    List<FieldError> errors = new java.util.ArrayList<>();
    doc.getJsonArray("errors", new io.vertx.core.json.JsonArray()).forEach(o -> {
      io.vertx.core.json.JsonObject e = (io.vertx.core.json.JsonObject) o;
      errors.add(new FieldError(e.getString("field"), e.getString("in"), e.getString("detail")));
    });
    return new Problem(doc.getInteger("status"), type.startsWith(TYPE_BASE) ? type.substring(TYPE_BASE.length()) : type,
        doc.getString("title"), doc.getString("detail"), errors);
  }

  public int status() {
    return status;
  }

  public String type() {
    return TYPE_BASE + slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }
}
