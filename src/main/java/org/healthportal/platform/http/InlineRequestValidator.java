package org.healthportal.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Request validation against the contract, run on the event loop that received the request.
 *
 * <p>vertx-openapi 5.0 validates every request in {@code executeBlocking}: two thread hand-offs (to a
 * worker and back) per request, for work that takes microseconds. Profiling cache hits showed the
 * worker pool using a third of the server's CPU and its wake-ups lengthening the latency tail. The
 * checks are the library's own ({@link #validateParameter}, {@link #validateBody}); only where they run
 * changes, and simple parameter and body schemas get a compiled check first ({@link SimpleSchemaCheck}). Bodies
 * are capped by the body limit, so even a body's validation stays short.
 *
 * <p>Unlike the library, it does not stop at the first failing input: every parameter and the body
 * are checked, and the answer lists each failing input with its rule in words.
 */
final class InlineRequestValidator extends RequestValidatorImpl {

  private final RequestExtractor extractor;
  /** The library's value transformers per style (its own map is private). */
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Map.of(
      Style.SIMPLE, new SimpleTransformer(), Style.LABEL, new LabelTransformer(),
      Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer()));
  /** Compiled checks of the contract's parameters, where their schemas are simple enough; read-only once built. */
  private final Map<Parameter, Predicate<Object>> simpleChecks = new IdentityHashMap<>();
  /** The same for request bodies, by media type of an operation's request body. */
  private final Map<MediaType, Predicate<Object>> bodyChecks = new IdentityHashMap<>();
  /** Writes the rule each failing input broke. */
  private final SchemaRules rules;
  /** The base URI vertx-openapi gives the contract's schemas. */
  private static final String CONTRACT_BASE = "app:///";

  InlineRequestValidator(Vertx vertx, OpenAPIContract contract, RequestExtractor extractor) {
    super(vertx, contract);
    this.extractor = extractor;
    this.rules = new SchemaRules(ref -> {
      JsonSchema target = ref.startsWith("#") ? contract.getSchemaRepository().find(CONTRACT_BASE + ref) : null;
      return target == null ? null : SchemaRules.json(target);
    });
    JsonObject components = contract.getRawContract().getJsonObject("components", new JsonObject()).getJsonObject("schemas");
    for (Operation operation : contract.operations()) {
      for (Parameter parameter : operation.getParameters()) {
        Predicate<Object> check = SimpleSchemaCheck.compile(parameter.getSchema(), components);
        if (check != null) simpleChecks.put(parameter, check);
      }
      if (operation.getRequestBody() == null) continue;
      for (MediaType mediaType : operation.getRequestBody().getContent().values()) {
        Predicate<Object> check = mediaType.getIdentifier().equals("application/json")
            ? SimpleSchemaCheck.compile(mediaType.getSchema(), components) : null;
        if (check != null) bodyChecks.put(mediaType, check);
      }
    }
  }

  /**
   * A body its compiled check accepts, once read as the library reads it (which also refuses JSON
   * that does not parse), is valid without the library's schema validator; anything else goes to it.
   */
  @Override
  protected RequestParameterImpl validate(MediaType mediaType, String contentType, Buffer body, ValidationContext context) {
    Predicate<Object> check = context == ValidationContext.REQUEST ? bodyChecks.get(mediaType) : null;
    ContentAnalyser analyser = check == null ? null : ContentAnalyser.getContentAnalyser(mediaType, contentType, body, context);
    if (analyser != null) {
      analyser.checkSyntacticalCorrectness();
      Object value = analyser.transform();
      if (check.test(value)) return new RequestParameterImpl(value);
    }
    return super.validate(mediaType, contentType, body, context);
  }

  /**
   * A string parameter is exactly the text the client sent, already decoded once by the HTTP layer.
   * The library would first try to read it as JSON ({@code cursor=1.5} became the number 1.5 and
   * failed "Expected string") and decode it a second time ({@code q=100%25} failed "Can't decode URL
   * value"): both refused valid values. So the text is validated as it is, by the same schema
   * validator and with the same error the library would raise.
   */
  private RequestParameter validateString(Parameter parameter, String raw, Predicate<Object> check) {
    if (check != null && check.test(raw)) return new RequestParameterImpl(raw);
    OutputUnit result = contract.getSchemaRepository().validator(parameter.getSchema()).validate(raw);
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
    return new RequestParameterImpl(raw);
  }

  private static boolean isPlainString(Parameter parameter) {
    return parameter.getSchemaType() == SchemaType.STRING && (parameter.getStyle() == Style.FORM || parameter.getStyle() == Style.SIMPLE);
  }

  /** How many of the contract's parameters have a compiled check (for tests). */
  int compiledChecks() {
    return simpleChecks.size();
  }

  /** How many of the contract's request bodies have a compiled check (for tests). */
  int compiledBodyChecks() {
    return bodyChecks.size();
  }

  /**
   * A value its compiled check accepts is valid without asking the library; anything else (and every
   * parameter without such a check) is validated by the library, which also writes the error.
   */
  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    Predicate<Object> check = simpleChecks.get(parameter);
    if (isPlainString(parameter) && value != null && !value.isNull()) return validateString(parameter, String.valueOf(value.get()), check);
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
      } catch (RuntimeException invalid) { // a validation Problem: the problem handler answers 400
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

  /**
   * The library's checks of every parameter and the body, in the library's order. Where the library
   * stops at the first failure, this goes on: the request fails with one validation problem listing
   * every failing input, each with its rule in words ({@link SchemaRules}).
   */
  private ValidatedRequest validate(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Parameter param : operation.getParameters()) {
      Map<String, RequestParameter> into = switch (param.getIn()) {
        case COOKIE -> cookies;
        case HEADER -> headers;
        case PATH -> path;
        case QUERY -> query;
      };
      Map<String, RequestParameter> sent = switch (param.getIn()) {
        case COOKIE -> request.getCookies();
        case HEADER -> request.getHeaders();
        case PATH -> request.getPathParameters();
        case QUERY -> request.getQuery();
      };
      try {
        into.put(param.getName(), validateParameter(param, sent.get(param.getName())));
      } catch (RuntimeException invalid) { // a ValidatorException, or a transformer's failure on a value it cannot read
        errors.add(parameterError(param, invalid));
      }
    }
    RequestParameter body = null;
    try {
      body = validateBody(operation.getRequestBody(), request);
    } catch (ValidatorException invalid) {
      errors.addAll(bodyErrors(operation.getRequestBody(), request, invalid));
    }
    if (!errors.isEmpty()) throw Problem.validation(errors);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  private Problem.FieldError parameterError(Parameter param, RuntimeException invalid) {
    Text rule;
    if (invalid instanceof ValidatorException v && v.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
      rule = Text.of("rule.required");
    } else {
      rule = rules.parameter(param.getSchema(), invalid instanceof SchemaValidationException s ? s.getOutputUnit() : null);
    }
    return new Problem.FieldError(param.getName(), param.getIn().name().toLowerCase(Locale.ROOT), rule);
  }

  private List<Problem.FieldError> bodyErrors(RequestBody body, ValidatableRequest request, ValidatorException invalid) {
    if (invalid instanceof SchemaValidationException s && s.getOutputUnit() != null) {
      MediaType type = body.determineContentType(request.getContentType());
      if (type != null) return rules.body(type.getSchema(), s.getOutputUnit());
    }
    Text rule = switch (invalid.type()) {
      case MISSING_REQUIRED_PARAMETER -> Text.of("rule.required");
      case UNSUPPORTED_VALUE_FORMAT -> Text.of("rule.body.media-type", new ArrayList<>(body.getContent().keySet()));
      default -> Text.of("rule.body.json");
    };
    return List.of(new Problem.FieldError("body", "body", rule));
  }
}
