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

  public static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail);
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
