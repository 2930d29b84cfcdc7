package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.JsonSchema;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.healthportal.fuzz.ContractModel;
import org.healthportal.fuzz.Values;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiled parameter checks never accept what the library rejects, for every parameter of the
 * contract, over boundary and random values; they decline schemas they cannot decide; and the
 * inline validator agrees with the library on whole requests, bodies included.
 */
class SimpleSchemaCheckTest {

  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    contract = Contract.load(vertx).await();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void agreesWithTheLibraryOnEveryParameterOfTheContract() {
    InlineRequestValidator fast = new InlineRequestValidator(vertx, contract, RequestExtractor.withBodyHandler());
    RequestValidatorImpl library = new RequestValidatorImpl(vertx, contract);
    // Most parameters and bodies are simple: the fast path is what requests actually take.
    assertThat(fast.compiledChecks()).isGreaterThan(40);
    assertThat(fast.compiledBodyChecks()).isGreaterThan(10);

    int compared = 0;
    int accepted = 0;
    SplittableRandom random = new SplittableRandom(20261124L);
    for (Operation operation : contract.operations()) {
      for (Parameter parameter : operation.getParameters()) {
        for (String raw : candidates(parameter.getSchema(), random)) {
          RequestParameterImpl value = new RequestParameterImpl(asSent(parameter, raw));
          Object fastResult = outcome(() -> fast.validateParameter(parameter, value).get());
          // A string parameter is the text as sent; the library would read it as JSON first ("1.5" a
          // number, "-0" too) and decode it again, so the reference is its schema validator on the text.
          Object libraryResult = isPlainString(parameter)
              ? outcome(() -> asText(parameter, String.valueOf(value.get())))
              : outcome(() -> library.validateParameter(parameter, value).get());
          assertThat(fastResult)
              .as("%s %s=%s", operation.getOperationId(), parameter.getName(), raw)
              .isEqualTo(libraryResult);
          compared++;
          if (!(libraryResult instanceof Rejected)) accepted++;
        }
      }
    }
    assertThat(compared).isGreaterThan(3_000);
    assertThat(accepted).as("some candidates must be valid, or the comparison proves little").isGreaterThan(500);
  }

  /**
   * Whole requests, bodies included: for every operation, requests of generated values (valid for
   * the contract, or broken in one place) go through the inline validator and the library. Each
   * input is judged by the library's own check of it; the inline validator accepts exactly the
   * requests whose every input the library accepts, gives the library's values, and names every
   * failing input (the library names the first). The library's own whole-request validation never
   * accepts what the inline one refuses.
   */
  @Test
  void agreesWithTheLibraryOnWholeRequestsBodiesIncluded() {
    InlineRequestValidator fast = new InlineRequestValidator(vertx, contract, RequestExtractor.withBodyHandler());
    RequestValidatorImpl library = new RequestValidatorImpl(vertx, contract);
    Random random = new Random(20261128L);
    Values values = new Values(random, (operationId, name, schema, r) -> null);
    int requests = 0;
    int accepted = 0;
    int withBody = 0;
    int acceptedWithBody = 0;
    for (ContractModel.Op op : ContractModel.load().operations()) {
      Operation operation = contract.operation(op.id());
      for (int n = 0; n < 40; n++) {
        Map<String, Map<String, RequestParameter>> sent = new HashMap<>();
        for (String in : List.of("cookie", "header", "path", "query")) sent.put(in, new HashMap<>());
        Map<String, Object> expected = new HashMap<>(); // input -> the library's value, or Rejected
        for (Parameter parameter : operation.getParameters()) {
          ContractModel.Param model = op.params().stream().filter(p -> p.name().equals(parameter.getName())).findFirst().orElseThrow();
          String raw = parameterValue(model, parameter, values, random);
          if (raw == null && !parameter.isRequired()) continue;
          RequestParameterImpl value = new RequestParameterImpl(raw == null ? null : asSent(parameter, raw));
          sent.get(parameter.getIn().name().toLowerCase(Locale.ROOT)).put(parameter.getName(), value);
          expected.put(parameter.getName(), isPlainString(parameter) && raw != null
              ? outcome(() -> asText(parameter, raw))
              : outcome(() -> library.validateParameter(parameter, value).get()));
        }
        RequestParameterImpl body = null;
        String contentType = null;
        if (operation.getRequestBody() != null) {
          Object json = bodyValue(op.body(), values, random);
          contentType = operation.getRequestBody().getContent().keySet().iterator().next();
          body = json == NO_BODY ? new RequestParameterImpl(null)
              : new RequestParameterImpl(Buffer.buffer(json instanceof String s ? s : io.vertx.core.json.Json.encode(json)));
          ValidatableRequest bodyOnly = new ValidatableRequestImpl(Map.of(), Map.of(), Map.of(), Map.of(), body, contentType);
          expected.put("body", outcome(() -> {
            RequestParameter validated = library.validateBody(operation.getRequestBody(), bodyOnly);
            return validated == null || validated.get() == null ? "null" : validated.get();
          }));
          withBody++;
        }
        ValidatableRequest request = new ValidatableRequestImpl(sent.get("cookie"), sent.get("header"), sent.get("path"), sent.get("query"),
            body, contentType);
        String what = op.id() + " " + sent + " body " + (body == null ? "-" : body.get());
        Set<String> rejected = new TreeSet<>();
        expected.forEach((input, outcome) -> {
          if (outcome instanceof Rejected) rejected.add(input);
        });

        Object fastOutcome = settle(fast.validate(request, op.id()));
        Object libraryOutcome = settle(library.validate(request, op.id()));
        requests++;
        if (rejected.isEmpty()) {
          assertThat(fastOutcome).as(what).isInstanceOf(ValidatedRequest.class);
          ValidatedRequest validated = (ValidatedRequest) fastOutcome;
          for (Parameter parameter : operation.getParameters()) {
            if (!expected.containsKey(parameter.getName())) continue;
            RequestParameter got = switch (parameter.getIn()) {
              case COOKIE -> validated.getCookies().get(parameter.getName());
              case HEADER -> validated.getHeaders().get(parameter.getName());
              case PATH -> validated.getPathParameters().get(parameter.getName());
              case QUERY -> validated.getQuery().get(parameter.getName());
            };
            Object value = got == null || got.get() == null ? "null" : got.get();
            assertThat(value).as(what + ": " + parameter.getName()).isEqualTo(expected.get(parameter.getName()));
          }
          if (expected.containsKey("body")) {
            Object value = validated.getBody() == null || validated.getBody().get() == null ? "null" : validated.getBody().get();
            assertThat(value).as(what + ": body").isEqualTo(expected.get("body"));
            acceptedWithBody++;
          }
          accepted++;
        } else {
          assertThat(fastOutcome).as(what).isInstanceOf(Problem.class);
          Set<String> named = new TreeSet<>();
          for (Problem.FieldError e : ((Problem) fastOutcome).errors()) named.add(e.in().equals("body") ? "body" : e.field());
          assertThat(named).as(what + ": every failing input named, and only those").isEqualTo(rejected);
        }
        if (libraryOutcome instanceof ValidatedRequest) {
          assertThat(fastOutcome).as(what + ": the library accepts it").isInstanceOf(ValidatedRequest.class);
        }
      }
    }
    assertThat(requests).isGreaterThan(2_000);
    assertThat(accepted).as("valid requests, or the comparison proves little").isGreaterThan(requests / 4);
    assertThat(withBody).isGreaterThan(400);
    assertThat(acceptedWithBody).as("valid bodies").isGreaterThan(withBody / 5);
  }

  private static final Object NO_BODY = new Object();

  /** Mostly a valid value as sent; now and then none, or a candidate of the single-parameter comparison (often invalid). */
  private static String parameterValue(ContractModel.Param model, Parameter parameter, Values values, Random random) {
    int dice = random.nextInt(10);
    if (dice == 0) return null;
    if (dice == 1) {
      List<String> candidates = candidates(parameter.getSchema(), new SplittableRandom(random.nextLong()));
      return candidates.get(random.nextInt(candidates.size()));
    }
    Values.Where where = switch (model.in()) {
      case "path" -> Values.Where.PATH;
      case "header" -> Values.Where.HEADER;
      default -> Values.Where.QUERY;
    };
    Object value = values.valid(model.name(), model.schema(), where);
    if (value instanceof io.vertx.core.json.JsonArray array) {
      return array.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }
    return String.valueOf(value);
  }

  /** Mostly a valid body; else one broken in one place, none, not JSON, or JSON of another type. */
  private static Object bodyValue(ContractModel.Body model, Values values, Random random) {
    Object valid = values.valid(null, model.schema(), Values.Where.BODY);
    int dice = random.nextInt(12);
    if (dice < 6 || !(valid instanceof io.vertx.core.json.JsonObject object)) return valid;
    return switch (dice) {
      case 6 -> NO_BODY;
      case 7 -> "{not json";
      case 8 -> new io.vertx.core.json.JsonArray().add(1);
      case 9 -> object.copy().put("noSuchField" + random.nextInt(100), 1);
      case 10 -> object.isEmpty() ? new io.vertx.core.json.JsonObject() : withWrongType(object, random);
      default -> {
        io.vertx.core.json.JsonObject copy = object.copy();
        List<String> names = new ArrayList<>(copy.fieldNames());
        if (!names.isEmpty()) copy.remove(names.get(random.nextInt(names.size())));
        yield copy;
      }
    };
  }

  private static io.vertx.core.json.JsonObject withWrongType(io.vertx.core.json.JsonObject object, Random random) {
    io.vertx.core.json.JsonObject copy = object.copy();
    List<String> names = new ArrayList<>(copy.fieldNames());
    String name = names.get(random.nextInt(names.size()));
    copy.put(name, copy.getValue(name) instanceof String ? (Object) 12345 : "a string");
    return copy;
  }

  /** A whole request's outcome: the validated request, or what it failed with. */
  private static Object settle(io.vertx.core.Future<ValidatedRequest> validation) {
    return validation.toCompletionStage().toCompletableFuture().handle((ok, failed) -> ok != null ? (Object) ok : failed).join();
  }

  @Test
  void declinesSchemasItCannotDecideExactly() {
    JsonObject components = new JsonObject()
        .put("Level", new JsonObject().put("type", "string").put("enum", new JsonArray().add("a")))
        .put("Id", new JsonObject().put("type", "string").put("format", "uuid"));
    assertThat(check(new JsonObject().put("type", "string").put("format", "date-time"), components)).isNull();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Missing"), components)).isNull();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Id"), components).test("3F2504E0-4F89-11D3-9A0C-0305E82C3301")).isTrue();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Id"), components).test("3f2504e0-4f89-11d3-9a0c-0305e82c3301\n")).isFalse();
    assertThat(check(new JsonObject().put("type", "object").put("additionalProperties", new JsonObject()), components)).isNull();
    assertThat(check(new JsonObject().put("type", "object").put("patternProperties", new JsonObject()), components)).isNull();
    assertThat(check(new JsonObject().put("type", "array").put("uniqueItems", true).put("items", new JsonObject().put("type", "number")), components)).isNull();
    assertThat(check(new JsonObject().put("type", new JsonArray().add("string").add("integer")), components)).isNull();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Level").put("maxLength", 0), components)).isNull();
    assertThat(check(new JsonObject().put("$ref", "https://example.org/schema"), components)).isNull();
    assertThat(check(new JsonObject().put("type", "string").put("minimum", 3), components)).isNull();
    assertThat(check(new JsonObject().put("oneOf", new JsonArray()), components)).isNull();
    assertThat(check(new JsonObject().put("type", "integer").put("maximum", 10), components).test(10)).isTrue();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Level"), components).test("a")).isTrue();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Level"), components).test("b")).isFalse();
  }

  @Test
  void objectsNeedTheirRequiredMembersAndNoOthersWhenClosed() {
    JsonObject components = new JsonObject().put("Id", new JsonObject().put("type", "string").put("format", "uuid"));
    JsonObject schema = new JsonObject().put("type", "object").put("additionalProperties", false)
        .put("required", new JsonArray().add("teamId").add("packages"))
        .put("properties", new JsonObject()
            .put("teamId", new JsonObject().put("$ref", "#/components/schemas/Id"))
            .put("dependantId", new JsonObject().put("type", new JsonArray().add("string").add("null")).put("format", "uuid"))
            .put("packages", new JsonObject().put("type", "array").put("uniqueItems", true).put("minItems", 1)
                .put("items", new JsonObject().put("type", "string").put("maxLength", 8))));
    java.util.function.Predicate<Object> signup = check(schema, components);
    String id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    assertThat(signup.test(new JsonObject().put("teamId", id).put("packages", new JsonArray().add("basic")))).isTrue();
    assertThat(signup.test(new JsonObject().put("teamId", id).put("dependantId", null).put("packages", new JsonArray().add("basic")))).isTrue();
    assertThat(signup.test(new JsonObject().put("teamId", id).put("dependantId", id).put("packages", new JsonArray().add("basic")))).isTrue();
    assertThat(signup.test(new JsonObject().put("teamId", id))).as("a required member missing").isFalse();
    assertThat(signup.test(new JsonObject().put("teamId", id).put("packages", new JsonArray().add("basic")).put("x", 1))).as("another member").isFalse();
    assertThat(signup.test(new JsonObject().put("teamId", "x").put("packages", new JsonArray().add("basic")))).as("not a UUID").isFalse();
    assertThat(signup.test(new JsonObject().put("teamId", id).put("packages", new JsonArray().add("a").add("a")))).as("repeated items").isFalse();
    assertThat(signup.test(new JsonObject().put("teamId", id).put("packages", new JsonArray()))).as("too few items").isFalse();
    assertThat(signup.test(new JsonArray())).as("not an object").isFalse();
  }

  private static java.util.function.Predicate<Object> check(JsonObject schema, JsonObject components) {
    return SimpleSchemaCheck.compile(JsonSchema.of(schema), components);
  }

  private record Rejected(String message) {}

  private static boolean isPlainString(Parameter parameter) {
    return parameter.getSchemaType() == io.vertx.json.schema.common.dsl.SchemaType.STRING
        && (parameter.getStyle() == io.vertx.openapi.contract.Style.FORM || parameter.getStyle() == io.vertx.openapi.contract.Style.SIMPLE);
  }

  /** The text itself if the parameter's schema accepts it, else the error the library raises for a schema failure. */
  private static Object asText(Parameter parameter, String text) {
    io.vertx.json.schema.OutputUnit result = contract.getSchemaRepository().validator(parameter.getSchema()).validate(text);
    try {
      result.checkValidity();
    } catch (io.vertx.json.schema.JsonSchemaValidationException e) {
      throw io.vertx.openapi.validation.SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
    return text;
  }

  /** The validated value, or the rejection (same message from both: the library writes every error). */
  private static Object outcome(java.util.function.Supplier<Object> validation) {
    try {
      Object value = validation.get();
      return value == null ? "null" : value;
    } catch (ValidatorException e) {
      return new Rejected(e.getMessage());
    }
  }

  /** An exploded form array reaches the validator as {@code name=a&name=b}, as the request extractor joins it. */
  private static String asSent(Parameter parameter, String raw) {
    if (!parameter.isExplode() || !"array".equals(parameter.getSchema().get("type"))) return raw;
    return java.util.Arrays.stream(raw.split(",", -1)).map(v -> parameter.getName() + "=" + v).collect(java.util.stream.Collectors.joining("&"));
  }

  /** Values around the schema's bounds, its enum and pattern, plus random noise. */
  private static List<String> candidates(JsonSchema schema, SplittableRandom random) {
    List<String> out = new ArrayList<>(List.of("", " ", "0", "-0", "1", "-1", "1.0", "1.5", "1e3", "true", "false", "null",
        "\"x\"", "abc", "%", "a,b", "1,2", "01", "1.5.3", "-", "1e", "0x10", "+1", "1]", "1}", ".5", "1 ", " 1", "a b",
        "x\\y", "[1]", "{}", "[\"a\"]", "tab\there", "-1.25e-3", "36.65000,117.12000", "full_disability", "self_care,dementia", "9007199254740993", "-9007199254740993", "NaN", "Infinity", "😀", "中文", "'; DROP TABLE x;--"));
    for (String key : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems")) {
      if (schema != null && schema.get(key) instanceof Number n) {
        double b = n.doubleValue();
        for (double d : new double[] {b - 1, b - 0.5, b, b + 0.5, b + 1}) {
          out.add(d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d));
          if (d >= 0 && d < 300) {
            out.add("a".repeat((int) d));
            out.add("中".repeat((int) d));
          }
        }
      }
    }
    if (schema != null && schema.get("enum") instanceof JsonArray values) values.forEach(v -> out.add(String.valueOf(v)));
    if (schema != null && schema.get("items") instanceof io.vertx.core.json.JsonObject items && items.getValue("enum") instanceof JsonArray values) {
      List<String> names = values.stream().map(String::valueOf).toList();
      out.add(String.join(",", names));
      out.add(names.get(0) + ",nope");
      out.add(String.join(",", java.util.Collections.nCopies(12, names.get(0))));
    }
    for (int i = 0; i < 30; i++) {
      out.add(random.nextBoolean() ? String.valueOf(random.nextInt(-1_000, 100_000))
          : String.format(java.util.Locale.ROOT, "%.5f,%.5f", random.nextDouble(-100, 100), random.nextDouble(-200, 200)));
      out.add(randomText(random));
    }
    return out;
  }

  private static String randomText(SplittableRandom random) {
    String alphabet = "abcXYZ019_-.,:%/ 中";
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(0, 40); i > 0; i--) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return s.toString();
  }
}
