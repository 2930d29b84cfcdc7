package org.healthportal.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Values valid for a JSON schema of the contract, with real data where a name calls for it ({@link Hints}).
 * Public for the validator comparison ({@code SimpleSchemaCheckTest}), which generates requests with it.
 */
public final class Values {

  /** Where a value goes: headers take printable ASCII only. */
  public enum Where { BODY, QUERY, PATH, HEADER }

  /** Real values for names the schema cannot make meaningful (ids of existing things, region codes, ...). */
  public interface Hints {
    /** A real value for a property or parameter of this name in this operation, or null to generate one from the schema. */
    Object valueFor(String operationId, String name, JsonObject schema, Random random);

    /** Makes a generated object consistent across its fields (a rule the schema cannot say). */
    default void fixUp(JsonObject object, Random random) {}
  }

  /** Valid strings that a server might take for something else. */
  static final List<String> TRICKY = List.of("1.5", "-0", "1e3", "true", "null", "[1]", "{}", "\"quoted\"", "a\\nb", "C:\\dir",
      "100%", "50%25", "a+b", "a&b=c", "x;y", "  padded  ", "#hash", "../..", "<script>", "' OR '1'='1");

  private final Random random;
  private final Hints hints;
  /** The operation values are generated for (hints depend on it). */
  String operationId;

  public Values(Random random, Hints hints) {
    this.random = random;
    this.hints = hints;
  }

  static List<String> types(JsonObject schema) {
    Object t = schema.getValue("type");
    if (t instanceof String s) return List.of(s);
    if (t instanceof JsonArray a) return a.stream().map(String::valueOf).toList();
    if (schema.containsKey("enum")) return List.of("enum");
    if (schema.containsKey("properties")) return List.of("object");
    return List.of("string");
  }

  public Object valid(String name, JsonObject schema, Where where) {
    Object hinted = name == null ? null : hints.valueFor(operationId, name, schema, random);
    if (hinted != null) return hinted;
    if (schema.containsKey("enum")) {
      JsonArray e = schema.getJsonArray("enum");
      return e.getValue(random.nextInt(e.size()));
    }
    List<String> types = types(schema);
    String type = types.get(random.nextInt(types.size()));
    // A nullable field is null now and then, never as a parameter (there is no null in a query string).
    if (type.equals("null") && where != Where.BODY) type = types.get(0);
    return switch (type) {
      case "null" -> random.nextInt(3) == 0 ? null : valid(name, schema.copy().put("type", types.get(0)), where);
      case "string" -> string(schema, where);
      case "integer" -> integer(schema);
      case "number" -> number(schema);
      case "boolean" -> random.nextBoolean();
      case "array" -> array(name, schema, where);
      case "object" -> object(schema);
      default -> throw new IllegalArgumentException("type " + type + " in " + schema);
    };
  }

  private String string(JsonObject schema, Where where) {
    int min = schema.getInteger("minLength", 0);
    int max = schema.getInteger("maxLength", Math.max(min, 40));
    // Boundary lengths now and then, else short values.
    int length = switch (random.nextInt(10)) {
      case 0 -> max;
      case 1 -> min;
      default -> min + random.nextInt(Math.min(max, min + 24) - min + 1);
    };
    if (schema.containsKey("pattern")) return PatternStrings.generate(schema.getString("pattern"), random, min, max);
    String format = schema.getString("format", "");
    if (format.isEmpty() && !schema.containsKey("enum") && random.nextInt(20) == 0) {
      // Text that looks like something else (a number, JSON, an escape): still just a string.
      String tricky = TRICKY.get(random.nextInt(TRICKY.size()));
      if (Strings.codePoints(tricky) >= min && Strings.codePoints(tricky) <= max) return tricky;
    }
    if (format.equals("uuid")) return UUID.nameUUIDFromBytes(Long.toString(random.nextLong()).getBytes()).toString();
    if (format.equals("date")) return String.format("%04d-%02d-%02d", 1950 + random.nextInt(70), 1 + random.nextInt(12), 1 + random.nextInt(28));
    // A string parameter must not be empty: an empty query value is no value at all.
    if (where != Where.BODY && length == 0) length = Math.min(1, max);
    return Strings.text(random, length, where == Where.HEADER);
  }

  private long integer(JsonObject schema) {
    long min = schema.containsKey("minimum") ? schema.getLong("minimum") : -1000;
    long max = schema.containsKey("maximum") ? schema.getLong("maximum") : Math.max(min, 0) + 100_000;
    if (schema.containsKey("exclusiveMinimum")) min = schema.getLong("exclusiveMinimum") + 1;
    return switch (random.nextInt(8)) {
      case 0 -> min;
      case 1 -> max;
      default -> min + (long) (random.nextDouble() * (max - min + 1));
    };
  }

  private BigDecimal number(JsonObject schema) {
    double min = schema.containsKey("minimum") ? schema.getDouble("minimum") : -1000;
    double max = schema.containsKey("maximum") ? schema.getDouble("maximum") : min + 100_000;
    boolean exclusive = schema.containsKey("exclusiveMinimum");
    if (exclusive) min = schema.getDouble("exclusiveMinimum");
    double v = random.nextInt(8) == 0 && !exclusive ? min : random.nextInt(8) == 0 ? max : min + random.nextDouble() * (max - min);
    BigDecimal d = BigDecimal.valueOf(v).setScale(random.nextInt(5), RoundingMode.HALF_UP);
    if (exclusive && d.doubleValue() <= min) d = BigDecimal.valueOf(min).add(new BigDecimal("0.5"));
    if (d.doubleValue() > max) d = BigDecimal.valueOf(max);
    return d.stripTrailingZeros().scale() < 0 ? d.setScale(0) : d.stripTrailingZeros();
  }

  private JsonArray array(String name, JsonObject schema, Where where) {
    int min = schema.getInteger("minItems", 0);
    int max = schema.getInteger("maxItems", min + 4);
    int size = min + random.nextInt(Math.min(max, min + 4) - min + 1);
    boolean unique = schema.getBoolean("uniqueItems", false) || where != Where.BODY;
    JsonObject items = schema.getJsonObject("items", new JsonObject());
    JsonArray out = new JsonArray();
    for (int attempt = 0; out.size() < size && attempt < size * 10; attempt++) {
      Object item = valid(name == null ? null : name + "[]", items, where);
      if (!unique || !out.contains(item)) out.add(item);
    }
    if (out.size() < min) throw new IllegalStateException("Cannot generate " + min + " unique items for " + schema);
    return out;
  }

  JsonObject object(JsonObject schema) {
    JsonObject props = schema.getJsonObject("properties", new JsonObject());
    List<String> required = schema.getJsonArray("required", new JsonArray()).stream().map(String::valueOf).toList();
    JsonObject out = new JsonObject();
    List<String> names = new ArrayList<>(props.fieldNames());
    for (String p : names) {
      if (required.contains(p) || random.nextBoolean()) out.put(p, valid(p, props.getJsonObject(p), Where.BODY));
    }
    int minProperties = schema.getInteger("minProperties", 0);
    while (out.size() < minProperties) {
      String p = names.get(random.nextInt(names.size()));
      out.put(p, valid(p, props.getJsonObject(p), Where.BODY));
    }
    hints.fixUp(out, random);
    return out;
  }

  /** A parameter value as it appears in a URI or header: numbers plain, arrays comma-joined (explode=false). */
  static String text(Object value) {
    if (value instanceof BigDecimal d) return d.toPlainString();
    if (value instanceof JsonArray a) return String.join(",", a.stream().map(Values::text).toList());
    return String.valueOf(value);
  }
}
