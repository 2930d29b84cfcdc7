package org.healthportal.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Values that break a schema, each with what it breaks. Only certain violations are listed: a value
 * that might still be valid (a string that happens to match) is never offered.
 */
final class Violations {

  /** An invalid value and the rule it breaks. */
  record Violation(String rule, Object value) {}

  private Violations() {}

  /** Violations as JSON values (for a body). */
  static List<Violation> forBody(JsonObject schema, Object validValue) {
    List<Violation> out = new ArrayList<>();
    List<String> types = Values.types(schema);
    if (!types.contains("null")) out.add(new Violation("null where not nullable", null));
    if (!types.contains("string") && !types.contains("enum")) out.add(new Violation("wrong type: string", "12"));
    if (types.contains("enum") || types.contains("string")) out.add(new Violation("wrong type: number", 12));
    if (!types.contains("boolean")) out.add(new Violation("wrong type: boolean", true));
    if (!types.contains("object")) out.add(new Violation("wrong type: object", new JsonObject().put("a", 1)));
    if (!types.contains("array")) out.add(new Violation("wrong type: array", new JsonArray().add(1)));
    if (types.contains("integer")) out.add(new Violation("wrong type: fraction for integer", 1.5));
    out.addAll(common(schema, validValue, true));
    if (schema.containsKey("minProperties")) out.add(new Violation("fewer than minProperties", new JsonObject()));
    return out;
  }

  /** Violations as parameter text (a query, path or header value). */
  static List<Violation> forParameter(JsonObject schema, boolean array) {
    List<Violation> out = new ArrayList<>();
    List<String> types = Values.types(schema);
    if (types.contains("integer")) {
      out.add(new Violation("not an integer", "abc"));
      out.add(new Violation("fraction for integer", "1.5"));
      out.add(new Violation("integer overflow", "99999999999999999999999"));
    }
    if (types.contains("number")) {
      out.add(new Violation("not a number", "1,5x"));
      out.add(new Violation("NaN", "NaN"));
    }
    if (types.contains("boolean")) out.add(new Violation("not a boolean", "yes"));
    out.addAll(common(schema, null, false));
    if (array) {
      JsonObject items = schema.getJsonObject("items", new JsonObject());
      forParameter(items, false).forEach(v -> out.add(new Violation("item: " + v.rule(), v.value())));
    }
    return out;
  }

  private static List<Violation> common(JsonObject schema, Object validValue, boolean json) {
    List<Violation> out = new ArrayList<>();
    if (schema.containsKey("enum")) out.add(new Violation("not in enum", "not_in_the_enum"));
    if (schema.containsKey("minimum")) out.add(new Violation("below minimum", number(schema.getDouble("minimum") - 1, schema, json)));
    if (schema.containsKey("maximum")) out.add(new Violation("above maximum", number(schema.getDouble("maximum") + 1, schema, json)));
    if (schema.containsKey("exclusiveMinimum")) {
      out.add(new Violation("equal to exclusiveMinimum", number(schema.getDouble("exclusiveMinimum"), schema, json)));
    }
    if (schema.containsKey("maxLength")) out.add(new Violation("longer than maxLength", "x".repeat(schema.getInteger("maxLength") + 1)));
    if (schema.getInteger("minLength", 0) > 1) out.add(new Violation("shorter than minLength", "x".repeat(schema.getInteger("minLength") - 1)));
    if (schema.getInteger("minLength", 0) == 1 && json) out.add(new Violation("empty string for minLength 1", ""));
    if (schema.containsKey("pattern")) {
      Pattern p = Pattern.compile(schema.getString("pattern"));
      for (String candidate : List.of("x!", "12345a", "not matching", "!")) {
        if (!p.matcher(candidate).find()) {
          out.add(new Violation("pattern mismatch", candidate));
          break;
        }
      }
    }
    if ("uuid".equals(schema.getString("format"))) out.add(new Violation("not a uuid", "not-a-uuid"));
    Object type = schema.getValue("type");
    if ("array".equals(type)) {
      JsonObject items = schema.getJsonObject("items", new JsonObject());
      int max = schema.getInteger("maxItems", -1);
      if (json && schema.getInteger("minItems", 0) > 0) out.add(new Violation("fewer than minItems", new JsonArray()));
      if (max >= 0 && items.containsKey("enum") && items.getJsonArray("enum").size() > max) {
        out.add(new Violation("more than maxItems", new JsonArray(items.getJsonArray("enum").stream().limit(max + 1).toList())));
      } else if (max >= 0 && validValue instanceof JsonArray a && !a.isEmpty() && !schema.getBoolean("uniqueItems", false)) {
        JsonArray more = new JsonArray();
        for (int i = 0; i <= max; i++) more.add(a.getValue(0));
        out.add(new Violation("more than maxItems", more));
      }
      if (json && schema.getBoolean("uniqueItems", false) && validValue instanceof JsonArray a && !a.isEmpty()) {
        out.add(new Violation("duplicate items", a.copy().add(a.getValue(0))));
      }
    }
    return out;
  }

  private static Object number(double v, JsonObject schema, boolean json) {
    boolean integer = Values.types(schema).contains("integer") || (Values.types(schema).contains("enum") && v == Math.rint(v));
    if (!json) return integer ? Long.toString((long) v) : Double.toString(v);
    return integer ? (Object) (long) v : (Object) v;
  }
}
