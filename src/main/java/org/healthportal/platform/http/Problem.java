package org.healthportal.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9457 problem raised by application code; the failure handler renders it as
 * {@code application/problem+json} in the language the request prefers. {@code slug} becomes the
 * last segment of the {@code type} URI, which is the same in every language; a registered slug
 * ({@link ProblemType}) takes its title from the message catalogue.
 *
 * <p>Prefer the constructors and factories taking {@link Text}: those with plain strings remain for
 * code not yet moved to the catalogue, and answer with the same (English) string in every language.
 */
public final class Problem extends RuntimeException {

  /** Where the problem types page is published; {@code GET /problems/{type}} leads to each type's entry. */
  public static final String TYPE_BASE = "https://health-portal.example/problems/";

  /** One failing input: where ({@code query}, {@code path}, {@code header}, {@code cookie}, {@code body}) and why. */
  public record FieldError(String field, String in, Text detail) {
    public FieldError(String field, String in, String detail) {
      this(field, in, Text.literal(detail));
    }
  }

  /** How many failing inputs a validation problem's detail names. */
  static final int SUMMED_UP = 5;

  private final int status;
  private final String slug;
  private final Text title;
  private final Text detail;
  private final List<FieldError> errors;

  public Problem(int status, String slug, Text title, Text detail, List<FieldError> errors) {
    super(detail.in(Lang.EN), null, false, false);
    ProblemType registered = ProblemType.bySlug(slug);
    this.status = status;
    this.slug = slug;
    this.title = registered != null ? registered.title() : title;
    this.detail = detail;
    this.errors = List.copyOf(errors);
  }

  public Problem(int status, String slug, String title, String detail, List<FieldError> errors) {
    this(status, slug, Text.literal(title), Text.literal(detail), errors);
  }

  public Problem(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, List.of());
  }

  /** A problem of a registered type with its usual status. */
  public Problem(ProblemType type, Text detail) {
    this(type, type.status(), detail);
  }

  /** A problem of a registered type with another status (for {@link ProblemType#CLIENT_ERROR}). */
  public Problem(ProblemType type, int status, Text detail) {
    this(status, type.slug(), type.title(), detail, List.of());
  }

  /** A problem of a registered type, its detail the catalogue's message {@code key} with {@code args}. */
  public static Problem of(ProblemType type, String key, Object... args) {
    return new Problem(type, Text.of(key, args));
  }

  public static Problem validation(String detail, List<FieldError> errors) {
    return validation(Text.literal(detail), errors);
  }

  public static Problem validation(Text detail, List<FieldError> errors) {
    return new Problem(400, ProblemType.VALIDATION.slug(), ProblemType.VALIDATION.title(), detail, errors);
  }

  /**
   * A validation problem whose detail sums up {@code errors}: each input, where it is and its rule
   * (the first {@link #SUMMED_UP} of them; {@code errors} has every one).
   */
  public static Problem validation(List<FieldError> errors) {
    List<Text> each = errors.stream().map(e -> Text.of("validation.input", where(e), e.detail())).toList();
    Text detail;
    if (each.size() == 1) {
      detail = Text.of("validation.one", each.get(0));
    } else if (each.size() <= SUMMED_UP) {
      detail = Text.of("validation.many", each.size(), Text.joined("sep.items", each));
    } else {
      detail = Text.of("validation.many-more", each.size(), Text.joined("sep.items", each.subList(0, SUMMED_UP)), each.size() - SUMMED_UP);
    }
    return validation(detail, errors);
  }

  public static Problem invalidField(String in, String field, String detail) {
    return invalidField(in, field, Text.literal(detail));
  }

  /** One failing input; {@code detail} is both the problem's and the input's detail, so it should name the input. */
  public static Problem invalidField(String in, String field, Text detail) {
    return validation(detail, List.of(new FieldError(field, in, detail)));
  }

  public static Problem unauthorized(String detail) {
    return new Problem(ProblemType.UNAUTHORIZED, Text.literal(detail));
  }

  public static Problem unauthorized(Text detail) {
    return new Problem(ProblemType.UNAUTHORIZED, detail);
  }

  public static Problem forbidden(String detail) {
    return new Problem(ProblemType.FORBIDDEN, Text.literal(detail));
  }

  public static Problem forbidden(Text detail) {
    return new Problem(ProblemType.FORBIDDEN, detail);
  }

  /** What a 503 tells the client to wait before retrying. */
  public static final int RETRY_AFTER_SECONDS = 5;

  public static Problem notFound(String detail) {
    return new Problem(ProblemType.NOT_FOUND, Text.literal(detail));
  }

  public static Problem notFound(Text detail) {
    return new Problem(ProblemType.NOT_FOUND, detail);
  }

  /** "query parameter month", "body field /origin/lat", "the request body"... */
  private static Text where(FieldError e) {
    if ("body".equals(e.in()) && (e.field() == null || e.field().isEmpty() || e.field().equals("body"))) return Text.of("where.body-root");
    return Text.of("where." + e.in(), e.field());
  }

  /** The document fields that do not depend on the request (no instance, no request id), in English. */
  public JsonObject toDocument() {
    JsonObject doc = new JsonObject()
        .put("type", type()).put("title", title()).put("status", status).put("detail", detail());
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("in", e.in()).put("detail", e.detail().in(Lang.EN))
          .put("text", e.detail().toJson())));
      doc.put("errors", list);
    }
    // The texts themselves, so that a replay answers in the language of the request replaying it.
    return doc.put("text", new JsonObject().put("title", title.toJson()).put("detail", detail.toJson()));
  }

  /** The problem a stored {@link #toDocument()} describes. */
  public static Problem fromDocument(JsonObject doc) {
    String type = doc.getString("type", TYPE_BASE + ProblemType.CLIENT_ERROR.slug());
    JsonObject text = doc.getJsonObject("text", new JsonObject());
    List<FieldError> errors = new ArrayList<>();
    doc.getJsonArray("errors", new JsonArray()).forEach(o -> {
      JsonObject e = (JsonObject) o;
      errors.add(new FieldError(e.getString("field"), e.getString("in"), Text.fromJson(e.getValue("text", e.getString("detail")))));
    });
    return new Problem(doc.getInteger("status"), type.startsWith(TYPE_BASE) ? type.substring(TYPE_BASE.length()) : type,
        Text.fromJson(text.getValue("title", doc.getString("title"))), Text.fromJson(text.getValue("detail", doc.getString("detail"))),
        errors);
  }

  public int status() {
    return status;
  }

  public String type() {
    return TYPE_BASE + slug;
  }

  public String title() {
    return title(Lang.EN);
  }

  public String title(Lang lang) {
    return title.in(lang);
  }

  public String detail() {
    return getMessage();
  }

  public String detail(Lang lang) {
    return detail.in(lang);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
