package org.healthportal.platform.http;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Requests the HTTP codec could not read (a request line or headers over the server's limits, a
 * garbled request line) never reach the router; Vert.x would answer them with a bare status. This
 * answers them as every other error: a problem document with a request id, in English (the
 * headers that would say otherwise may be the broken part), and closes the connection.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    String message = cause == null ? "" : String.valueOf(cause.getMessage());
    ProblemType type;
    String key;
    if (cause instanceof TooLongFrameException && message.contains("header")) {
      type = ProblemType.HEADERS_TOO_LARGE;
      key = "problem.headers-too-large";
    } else if (cause instanceof TooLongFrameException) {
      type = ProblemType.URI_TOO_LONG;
      key = "problem.uri-too-long";
    } else {
      type = ProblemType.VALIDATION;
      key = "problem.bad-request-line";
    }
    Problem problem = Problem.of(type, key);
    String requestId = RequestIds.generate();
    JsonObject body = new JsonObject()
        .put("type", problem.type())
        .put("title", problem.title(Lang.EN))
        .put("status", problem.status())
        .put("detail", problem.detail(Lang.EN))
        .put("requestId", requestId);
    request.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Contract.PROBLEM_JSON)
        .putHeader("Content-Language", Lang.EN.tag())
        .putHeader(RequestIds.HEADER, requestId)
        .putHeader("Connection", "close")
        .end(body.toBuffer())
        .onComplete(v -> request.connection().close());
  }
}
