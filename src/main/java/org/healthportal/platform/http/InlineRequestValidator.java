package org.healthportal.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Request validation against the contract, run on the event loop that received the request.
 *
 * <p>vertx-openapi 5.0 validates every request in {@code executeBlocking}: two thread hand-offs (to a
 * worker and back) per request, for work that takes microseconds. Profiling cache hits showed the
 * worker pool using a third of the server's CPU and its wake-ups lengthening the latency tail. The
 * checks are the library's own ({@link #validateParameter}, {@link #validateBody}); only where they run
 * changes, and simple parameter schemas get a compiled check first ({@link SimpleSchemaCheck}). Bodies
 * are capped by the body limit, so even a body's validation stays short.
 */
final class InlineRequestValidator extends RequestValidatorImpl {

  private final RequestExtractor extractor;
  /** The library's value transformers per style (its own map is private). */
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Map.of(
      Style.SIMPLE, new SimpleTransformer(), Style.LABEL, new LabelTransformer(),
      Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer()));
  /** Compiled checks of the contract's parameters, where their schemas are simple enough; read-only once built. */
  private final Map<Parameter, Predicate<Object>> simpleChecks = new IdentityHashMap<>();

  InlineRequestValidator(Vertx vertx, OpenAPIContract contract, RequestExtractor extractor) {
    super(vertx, contract);
    this.extractor = extractor;
    JsonObject components = contract.getRawContract().getJsonObject("components", new JsonObject()).getJsonObject("schemas");
    for (Operation operation : contract.operations()) {
      for (Parameter parameter : operation.getParameters()) {
        Predicate<Object> check = SimpleSchemaCheck.compile(parameter.getSchema(), components);
        if (check != null) simpleChecks.put(parameter, check);
      }
    }
  }

  /** How many of the contract's parameters have a compiled check (for tests). */
  int compiledChecks() {
    return simpleChecks.size();
  }

  /**
   * A value its compiled check accepts is valid without asking the library; anything else (and every
   * parameter without such a check) is validated by the library, which also writes the error.
   */
  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    Predicate<Object> check = simpleChecks.get(parameter);
    ParameterTransformer transformer = transformers.get(parameter.getStyle());
    if (check != null && transformer != null && value != null && !value.isNull()) {
      try {
        String raw = String.valueOf(value.get());
        Object transformed = PlainParameterValues.transform(parameter, raw);
        if (transformed == null) transformed = transformer.transform(parameter, raw);
        if (check.test(transformed)) return new RequestParameterImpl(transformed);
      } catch (RuntimeException undecodable) {
        // the library transforms again, and explains
      }
    }
    return super.validateParameter(parameter, value);
  }

  /**
   * Replaces the builder's validation of every route with this one, placed where the builder puts its
   * own: after the security handlers, before the operation's handlers.
   */
  static void install(Vertx vertx, OpenAPIContract contract, RequestExtractor extractor, RouterBuilder builder) {
    InlineRequestValidator validator = new InlineRequestValidator(vertx, contract, extractor);
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (!route.doValidation()) continue;
      route.setDoValidation(false);
      route.getHandlers().add(0, validator.handler(route.getOperation()));
    }
  }

  /** True for the handler {@link #install} adds (a route with nothing else is unbound). */
  static boolean isValidation(Handler<RoutingContext> handler) {
    return handler instanceof Validation;
  }

  private Handler<RoutingContext> handler(Operation operation) {
    return new Validation(this, operation);
  }

  private record Validation(InlineRequestValidator validator, Operation operation) implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
      validator.validateInto(ctx, operation);
    }
  }

  private void validateInto(RoutingContext ctx, Operation operation) {
    extractor.extractValidatableRequest(ctx, operation).onComplete(extracted -> {
      if (extracted.failed()) {
        ctx.fail(extracted.cause());
        return;
      }
      ValidatedRequest validated;
      try {
        validated = validate(extracted.result(), operation);
      } catch (RuntimeException invalid) { // ValidatorException: the problem handler answers 400
        ctx.fail(invalid);
        return;
      }
      ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
      ctx.next();
    });
  }

  @Override
  public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
    try {
      return Future.succeededFuture(validate(request, contract.operation(operationId)));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The library's checks of every parameter and the body, in the library's order. */
  private ValidatedRequest validate(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter param : operation.getParameters()) {
      switch (param.getIn()) {
        case COOKIE -> cookies.put(param.getName(), validateParameter(param, request.getCookies().get(param.getName())));
        case HEADER -> headers.put(param.getName(), validateParameter(param, request.getHeaders().get(param.getName())));
        case PATH -> path.put(param.getName(), validateParameter(param, request.getPathParameters().get(param.getName())));
        case QUERY -> query.put(param.getName(), validateParameter(param, request.getQuery().get(param.getName())));
      }
    }
    return new ValidatedRequestImpl(cookies, headers, path, query, validateBody(operation.getRequestBody(), request));
  }
}
