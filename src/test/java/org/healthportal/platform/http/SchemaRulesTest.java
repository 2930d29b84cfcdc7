package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules in words that {@link SchemaRules} writes from a schema and the validator's output, for
 * each kind of rule, with the validator vertx-openapi uses (draft 2020-12, basic output).
 */
class SchemaRulesTest {

  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri("app:///").setOutputFormat(OutputFormat.Basic);
  private final SchemaRules rules = new SchemaRules(ref -> null);

  @Test
  void eachKindOfRuleInWords() {
    assertThat(rule(schema("type", "integer", "minimum", 1, "maximum", 12), "11")).isEqualTo("must be an integer from 1 to 12");
    assertThat(rule(schema("type", "integer", "minimum", 1, "maximum", 12), 13)).isEqualTo("must be an integer from 1 to 12");
    assertThat(rule(schema("type", "integer", "minimum", 1), 0)).isEqualTo("must be an integer that is at least 1");
    assertThat(rule(schema("type", "number", "exclusiveMinimum", 0, "maximum", 50), 0)).isEqualTo("must be a number that is greater than 0 and at most 50");
    assertThat(rule(schema("type", "string", "enum", new JsonArray().add("seaside").add("mountain_forest").add("tcm")), "moon"))
        .isEqualTo("must be one of seaside, mountain_forest, tcm");
    assertThat(rule(schema("type", "string"), 5)).isEqualTo("must be a string");
    assertThat(rule(schema("type", new JsonArray().add("string").add("null"), "maxLength", 200), "x".repeat(201)))
        .isEqualTo("must be at most 200 characters");
    assertThat(rule(schema("type", "string", "minLength", 1, "maxLength", 200), "")).isEqualTo("must be 1 to 200 characters long");
    assertThat(rule(schema("type", "string", "minLength", 1), "")).isEqualTo("must not be empty");
    assertThat(rule(schema("type", "string", "format", "date"), "2026-13-45")).isEqualTo("must match the format date (YYYY-MM-DD, e.g. 2026-03-01)");
    assertThat(rule(schema("type", "string", "format", "uuid"), "x")).startsWith("must match the format uuid");
    assertThat(rule(schema("type", "string", "pattern", "^[0-9]{6}$"), "12")).isEqualTo("must match the pattern ^[0-9]{6}$");
    assertThat(rule(schema("type", "array", "maxItems", 5), new JsonArray(List.of(1, 2, 3, 4, 5, 6)))).isEqualTo("must have at most 5 items");
    assertThat(rule(schema("type", "array", "minItems", 1), new JsonArray())).isEqualTo("must have at least 1 item");
    assertThat(rule(schema("type", "array", "uniqueItems", true), new JsonArray(List.of("a", "a")))).isEqualTo("must not list an item twice");
    assertThat(rule(schema("type", "boolean"), "yes")).isEqualTo("must be true or false");
    assertThat(rule(schema("type", new JsonArray().add("integer").add("null"), "minimum", 1, "maximum", 4), "x"))
        .isEqualTo("must be an integer from 1 to 4 or null");
  }

  @Test
  void everyFailingPlaceOfABodyIsListedOnceWithoutTheEnclosingKeywords() {
    JsonObject location = schema("type", "object", "additionalProperties", false, "required", new JsonArray().add("lat").add("lng"),
        "properties", new JsonObject().put("lat", schema("type", "number", "minimum", -90, "maximum", 90))
            .put("lng", schema("type", "number", "minimum", -180, "maximum", 180)));
    JsonObject body = schema("type", "object", "additionalProperties", false, "required", new JsonArray().add("month"),
        "properties", new JsonObject()
            .put("month", schema("type", "integer", "minimum", 1, "maximum", 12))
            .put("kinds", schema("type", "array", "maxItems", 2, "items", schema("type", "string", "enum", new JsonArray().add("a").add("b"))))
            .put("origin", location));
    JsonObject instance = new JsonObject().put("month", "11").put("kinds", new JsonArray().add("a").add("c").add("b"))
        .put("origin", new JsonObject().put("lat", 100)).put("extra", true);

    Map<String, String> errors = body(body, instance, Lang.EN);
    assertThat(errors).containsExactlyInAnyOrderEntriesOf(Map.of(
        "/month", "must be an integer from 1 to 12",
        "/kinds", "must have at most 2 items",
        "/kinds/1", "must be one of a, b",
        "/origin/lng", "is required",
        "/origin/lat", "must be a number from -90 to 90",
        "/extra", "is an unknown property (allowed: month, kinds, origin)"));

    Map<String, String> zh = body(body, instance, Lang.ZH);
    assertThat(zh).containsEntry("/month", "必须是 1 到 12 之间的整数")
        .containsEntry("/kinds/1", "必须是以下之一：a、b")
        .containsEntry("/origin/lng", "为必填项")
        .containsEntry("/extra", "是未知属性（允许的属性：month、kinds、origin）");

    assertThat(body(body, new JsonArray(), Lang.EN)).containsExactly(Map.entry("body", "must be an object"));
    assertThat(body(body, new JsonObject(), Lang.EN)).containsExactly(Map.entry("/month", "is required"));
  }

  @Test
  void thousandsOfBadItemsGetABoundedAnswerQuickly() {
    JsonObject list = schema("type", "object", "properties", new JsonObject()
        .put("kinds", schema("type", "array", "maxItems", 5, "items", schema("type", "string", "enum", new JsonArray().add("a")))));
    JsonArray items = new JsonArray();
    for (int i = 0; i < 10_000; i++) items.add("x" + i);
    long start = System.nanoTime();
    Map<String, String> errors = body(list, new JsonObject().put("kinds", items), Lang.EN);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(2_000);
    assertThat(errors).hasSize(SchemaRules.MAX_PLACES).containsEntry("/kinds", "must have at most 5 items").containsEntry("/kinds/0", "must be a");
  }

  @Test
  void theValuesOfAnArrayParameterAreReportedTogether() {
    JsonObject kinds = schema("type", "array", "maxItems", 5, "items", schema("type", "string", "enum", new JsonArray().add("a").add("b")));
    OutputUnit result = Validator.create(JsonSchema.of(kinds), OPTIONS).validate(new JsonArray().add("x").add("a").add("y"));
    assertThat(rules.parameter(JsonSchema.of(kinds), result).in(Lang.EN)).isEqualTo("each value must be one of a, b");
    assertThat(rules.parameter(JsonSchema.of(kinds), result).in(Lang.ZH)).isEqualTo("每个值都必须是以下之一：a、b");
    // A value that cannot even be read as its type: the whole schema is the rule.
    assertThat(rules.parameter(JsonSchema.of(schema("type", "integer", "minimum", 1, "maximum", 12)), null).in(Lang.EN))
        .isEqualTo("must be an integer from 1 to 12");
  }

  private String rule(JsonObject schema, Object value) {
    Map<String, String> errors = body(schema, value, Lang.EN);
    assertThat(errors).as("errors of %s against %s", value, schema).hasSize(1);
    return errors.values().iterator().next();
  }

  private Map<String, String> body(JsonObject schema, Object value, Lang lang) {
    OutputUnit result = Validator.create(JsonSchema.of(schema), OPTIONS).validate(value);
    assertThat(result.getValid()).as("%s is invalid", value).isFalse();
    Map<String, String> out = new LinkedHashMap<>();
    rules.body(JsonSchema.of(schema), result).forEach(e -> out.put(e.field(), e.detail().in(lang)));
    return out;
  }

  private static JsonObject schema(Object... keysAndValues) {
    JsonObject schema = new JsonObject();
    for (int i = 0; i < keysAndValues.length; i += 2) schema.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return schema;
  }
}
