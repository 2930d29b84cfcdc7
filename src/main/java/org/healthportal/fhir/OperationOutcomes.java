package org.healthportal.fhir;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.ProblemHandler;
import org.healthportal.platform.http.RequestIds;

/**
 * FHIR's error answer: every failure under {@code /fhir} (the contract's validation, this view's own
 * checks, 404, 429, 503) is the problem the rest of the API would answer, written as an
 * {@code OperationOutcome} with the same status. A 500 says nothing of its cause, as elsewhere.
 */
final class OperationOutcomes implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      ctx.next(); // the platform's handler knows what to do with a response already under way
      return;
    }
    Problem problem = ProblemHandler.toProblem(ctx);
    if (problem.status() == 503 && ctx.response().headers().get("Retry-After") == null) {
      ctx.response().putHeader("Retry-After", String.valueOf(Problem.RETRY_AFTER_SECONDS));
    }
    Lang lang = Lang.of(ctx);
    ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", FhirApi.FHIR_JSON).putHeader("Content-Language", lang.tag());
    ctx.response().headers().add("Vary", "Accept-Language");
    ctx.response().end(of(problem, lang, RequestIds.of(ctx)).toBuffer());
  }

  static JsonObject of(Problem problem, Lang lang, String requestId) {
    JsonArray issues = new JsonArray();
    if (problem.errors().isEmpty()) {
      issues.add(issue(problem.status(), problem.detail(lang), null));
    } else {
      problem.errors().forEach(e -> issues.add(issue(problem.status(), e.detail().in(lang), e.field())));
    }
    // The problem's own detail first, so what the rest of the API says is said here too.
    issues.getJsonObject(0).put("diagnostics", problem.detail(lang));
    return new JsonObject().put("resourceType", "OperationOutcome").put("id", requestId).put("issue", issues);
  }

  private static JsonObject issue(int status, String diagnostics, String field) {
    JsonObject issue = new JsonObject().put("severity", status >= 500 ? "fatal" : "error").put("code", code(status));
    if (diagnostics != null) issue.put("diagnostics", diagnostics);
    if (field != null) issue.put("expression", new JsonArray().add(field));
    return issue;
  }

  /** The issue-type code for an HTTP status. */
  private static String code(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 401 -> "login";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405, 415 -> "not-supported";
      case 413, 414, 431 -> "too-costly";
      case 429 -> "throttled";
      case 503 -> "transient";
      default -> status >= 500 ? "exception" : "processing";
    };
  }
}
