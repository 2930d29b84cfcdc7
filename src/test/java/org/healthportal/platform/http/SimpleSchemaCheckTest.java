package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.JsonSchema;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiled parameter checks never accept what the library rejects, for every parameter of the
 * contract, over boundary and random values; and they decline schemas they cannot decide.
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
    // Most parameters are simple: the fast path is what requests actually take.
    assertThat(fast.compiledChecks()).isGreaterThan(40);

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

  @Test
  void declinesSchemasItCannotDecideExactly() {
    JsonObject components = new JsonObject()
        .put("Level", new JsonObject().put("type", "string").put("enum", new JsonArray().add("a")))
        .put("Id", new JsonObject().put("type", "string").put("format", "uuid"));
    assertThat(check(new JsonObject().put("type", "string").put("format", "uuid"), components)).isNull();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Missing"), components)).isNull();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Id"), components)).isNull();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Level").put("maxLength", 0), components)).isNull();
    assertThat(check(new JsonObject().put("$ref", "https://example.org/schema"), components)).isNull();
    assertThat(check(new JsonObject().put("type", "string").put("minimum", 3), components)).isNull();
    assertThat(check(new JsonObject().put("oneOf", new JsonArray()), components)).isNull();
    assertThat(check(new JsonObject().put("type", "integer").put("maximum", 10), components).test(10)).isTrue();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Level"), components).test("a")).isTrue();
    assertThat(check(new JsonObject().put("$ref", "#/components/schemas/Level"), components).test("b")).isFalse();
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
