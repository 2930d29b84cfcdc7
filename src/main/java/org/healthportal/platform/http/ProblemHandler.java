package org.healthportal.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import org.healthportal.platform.db.Unavailable;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single error path: every failure and every error status becomes {@code application/problem+json},
 * in the language the request prefers. Server faults are logged with the request id and answered
 * without internals.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
  private static final Pattern MISSING_PROPERTY = Pattern.compile("required propert(?:y|ies)\\W+([A-Za-z0-9_]+)");
  private static final Pattern PARAMETER = Pattern.compile("(query|path|header|cookie) parameter (\\S+)");

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      // Answered already (the response deadline passed first): this failure came too late to matter.
      LOG.debug("Failure after the response ended [{}]: {}", RequestIds.of(ctx), String.valueOf(ctx.failure()));
      return;
    }
    if (ctx.response().headWritten()) {
      // Too late to answer: the status line is already out. Log and drop the connection.
      LOG.error("Failure after response started [{}]", RequestIds.of(ctx), ctx.failure());
      ctx.request().connection().close();
      return;
    }
    Problem problem = toProblem(ctx);
    if (problem.status() == 503 && ctx.response().headers().get("Retry-After") == null) {
      ctx.response().putHeader("Retry-After", String.valueOf(Problem.RETRY_AFTER_SECONDS));
    }
    render(ctx, problem);
  }

  /**
   * The problem a failed request answers with: for routes whose answers speak another error format
   * (FHIR's OperationOutcome), which render the same problem their own way.
   */
  public static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof Problem p) return p;
    if (failure instanceof HttpException http) {
      if (http.getStatusCode() == 400 && http.getCause() instanceof ValidatorException v) return fromValidation(v);
      return forStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure instanceof ValidatorException v) return fromValidation(v);
    if (failure != null && Unavailable.isDatabaseUnavailable(failure)) {
      LOG.warn("Dependency unavailable [{}] {} {}: {}", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(), failure.toString());
      return Problem.of(ProblemType.UNAVAILABLE, "unavailable.dependency");
    }
    int status = ctx.statusCode();
    if (failure == null && status >= 400) return forStatus(status, null);
    LOG.error("Unhandled failure [{}] {} {}", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(), failure);
    return forStatus(500, null);
  }

  /** The problem for a bare status code, as set by Vert.x Web itself (404, 405, 413, ...). */
  static Problem forStatus(int status, String payload) {
    return switch (status) {
      case 400 -> Problem.validation(payload != null ? Text.of("problem.malformed.because", payload) : Text.of("problem.malformed"), List.of());
      case 401 -> Problem.unauthorized(Text.of("problem.unauthorized"));
      case 403 -> Problem.forbidden(Text.of("problem.forbidden"));
      case 404 -> Problem.notFound(Text.of("problem.not-found"));
      case 405 -> new Problem(ProblemType.METHOD_NOT_ALLOWED, Text.of("problem.method-not-allowed"));
      case 413 -> new Problem(ProblemType.PAYLOAD_TOO_LARGE, Text.of("problem.payload-too-large"));
      case 415 -> new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, Text.of("problem.unsupported-media-type"));
      case 503 -> new Problem(ProblemType.UNAVAILABLE, Text.of("problem.unavailable"));
      default -> status >= 400 && status < 500
          ? new Problem(ProblemType.CLIENT_ERROR, status, Text.of("problem.client-error"))
          : new Problem(ProblemType.INTERNAL, Text.of("problem.internal"));
    };
  }

  /**
   * A validation failure that did not come through {@link InlineRequestValidator} (which answers with
   * every failing input and its rule itself): the library's own reason, for the one input it names.
   */
  static Problem fromValidation(ValidatorException v) {
    if (v instanceof SchemaValidationException s && s.getOutputUnit() != null && isBodyError(s)) {
      OutputUnit deepest = deepest(s.getOutputUnit());
      String pointer = deepest.getInstanceLocation() == null ? "" : deepest.getInstanceLocation().replaceFirst("^#", "");
      Matcher missing = MISSING_PROPERTY.matcher(deepest.getError() == null ? "" : deepest.getError());
      if (missing.find()) pointer = pointer + "/" + missing.group(1); // name the missing property, not its parent
      return Problem.validation(List.of(new Problem.FieldError(pointer.isEmpty() ? "body" : pointer, "body", Text.literal(deepest.getError()))));
    }
    Matcher m = PARAMETER.matcher(v.getMessage() == null ? "" : v.getMessage());
    if (m.find()) {
      Text reason = v.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER ? Text.of("rule.required")
          : v instanceof SchemaValidationException s && s.getOutputUnit() != null ? Text.literal(deepest(s.getOutputUnit()).getError())
          : Text.of("rule.unreadable");
      return Problem.validation(List.of(new Problem.FieldError(m.group(2), m.group(1), reason)));
    }
    return Problem.validation(Text.of("problem.malformed.because", v.getMessage()), List.of());
  }

  private static boolean isBodyError(SchemaValidationException s) {
    return s.getMessage() != null && s.getMessage().contains(" body ");
  }

  /** Several nested entries can describe one fault; the deepest instance location is the most specific. */
  private static OutputUnit deepest(OutputUnit root) {
    List<OutputUnit> errors = root.getErrors();
    if (errors == null || errors.isEmpty()) return root;
    return errors.stream()
        .max(Comparator.comparingInt((OutputUnit u) -> u.getInstanceLocation() == null ? 0 : u.getInstanceLocation().length()))
        .orElse(root);
  }

  /** Writes {@code problem} in the language the request prefers ({@link Lang#of(RoutingContext)}). */
  static void render(RoutingContext ctx, Problem problem) {
    Lang lang = Lang.of(ctx);
    JsonObject body = new JsonObject()
        .put("type", problem.type())
        .put("title", problem.title(lang))
        .put("status", problem.status())
        .put("detail", problem.detail(lang))
        .put("instance", ctx.request().path())
        .put("requestId", RequestIds.of(ctx));
    if (!problem.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      problem.errors().forEach(e -> errors.add(new JsonObject().put("field", e.field()).put("in", e.in()).put("detail", e.detail().in(lang))));
      body.put("errors", errors);
    }
    if (problem.status() == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"health-portal\"");
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Contract.PROBLEM_JSON)
        .putHeader("Content-Language", lang.tag());
    ctx.response().headers().add("Vary", "Accept-Language");
    ctx.response().end(body.toBuffer());
  }
}
