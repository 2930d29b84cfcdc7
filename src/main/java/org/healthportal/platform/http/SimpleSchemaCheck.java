package org.healthportal.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A compiled check for the simple schemas parameters and request bodies use (a type with bounds,
 * lengths, an enum, a pattern, a UUID format; an array of such items; an object of such properties,
 * some required, perhaps no others; a type that may also be null). It only ever <em>accepts</em>: a value it does not accept goes
 * to the library's full validator, which decides and writes the error. So it must never accept what
 * the library would reject, and it declines any schema with a keyword it does not implement exactly
 * as vertx-json-schema does (formats, combinators, references other than to a component...).
 *
 * <p>Why: the library interprets the schema on every request, and compiles {@code pattern} anew each
 * time; for a search with six parameters that was a quarter of the server's CPU on a cache hit, and
 * for a signup's body a third of the event loops' time.
 */
final class SimpleSchemaCheck {

  /** Keywords that never affect validity. */
  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default", "examples", "example", "deprecated");
  private static final Set<String> SUPPORTED = Set.of("type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
      "minLength", "maxLength", "pattern", "enum", "format", "items", "minItems", "maxItems", "uniqueItems",
      "properties", "required", "additionalProperties");
  /** The UUID format, as the library reads it less the {@code urn:uuid:} prefix (which then goes to the library). */
  private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
  /** Integers beyond this lose precision as doubles; the library compares them instead. */
  private static final double EXACT = 1L << 53;

  private SimpleSchemaCheck() {}

  private static final String COMPONENT = "#/components/schemas/";

  /**
   * The check for {@code schema}, or null when this class cannot decide it exactly. A schema that is
   * only a reference to a component ({@code {"$ref": "#/components/schemas/X"}}) is X's check.
   *
   * @param components the contract's component schemas, by name
   */
  static Predicate<Object> compile(JsonSchema schema, JsonObject components) {
    return compile(schema, components, 0);
  }

  private static Predicate<Object> compile(JsonSchema schema, JsonObject components, int depth) {
    if (schema == null || depth > 4) return null;
    if (schema.containsKey("$ref")) {
      if (!(schema.get("$ref") instanceof String ref) || !ref.startsWith(COMPONENT)) return null;
      for (String key : schema.fieldNames()) {
        if (!key.equals("$ref") && !ANNOTATIONS.contains(key) && !key.startsWith("__")) return null; // siblings also validate
      }
      JsonObject target = components == null ? null : components.getJsonObject(ref.substring(COMPONENT.length()));
      return target == null ? null : compile(JsonSchema.of(target), components, depth + 1);
    }
    for (String key : schema.fieldNames()) {
      if (!SUPPORTED.contains(key) && !ANNOTATIONS.contains(key) && !key.startsWith("__")) return null;
    }
    if (schema.get("type") instanceof JsonArray types) return orNull(schema, types, components, depth);
    if (!(schema.get("type") instanceof String type)) return null;
    return switch (type) {
      case "string" -> string(schema);
      case "integer" -> number(schema, true);
      case "number" -> number(schema, false);
      case "boolean" -> onlyKeys(schema, "type") ? value -> value instanceof Boolean : null;
      case "array" -> array(schema, components, depth);
      case "object" -> object(schema, components, depth);
      default -> null;
    };
  }

  /** {@code type: [T, 'null']}: null, or what the schema accepts as a T (its other keywords do not apply to null). */
  private static Predicate<Object> orNull(JsonSchema schema, JsonArray types, JsonObject components, int depth) {
    if (types.size() != 2 || !types.contains("null")) return null;
    Object other = types.getValue(types.getValue(0).equals("null") ? 1 : 0);
    if (!(other instanceof String) || other.equals("null")) return null;
    JsonObject single = new JsonObject();
    for (String key : schema.fieldNames()) single.put(key, key.equals("type") ? other : schema.get(key));
    Predicate<Object> check = compile(JsonSchema.of(single), components, depth);
    return check == null ? null : value -> value == null || check.test(value);
  }

  /**
   * An object: {@code required} members present, each member its {@code properties} schema names
   * valid, and with {@code additionalProperties: false} no other member.
   */
  private static Predicate<Object> object(JsonSchema schema, JsonObject components, int depth) {
    if (!onlyKeys(schema, "type", "properties", "required", "additionalProperties")) return null;
    Object additional = schema.get("additionalProperties");
    if (additional != null && !(additional instanceof Boolean)) return null;
    boolean closed = Boolean.FALSE.equals(additional);
    Object declared = schema.get("properties");
    if (declared != null && !(declared instanceof JsonObject)) return null;
    Map<String, Predicate<Object>> properties = new HashMap<>();
    if (declared instanceof JsonObject members) {
      for (String name : members.fieldNames()) {
        if (!(members.getValue(name) instanceof JsonObject member)) return null;
        Predicate<Object> check = compile(JsonSchema.of(member), components, depth + 1);
        if (check == null) return null;
        properties.put(name, check);
      }
    }
    Set<String> required = schema.containsKey("required") ? strings(schema.get("required")) : Set.of();
    if (required == null) return null;
    return value -> {
      if (!(value instanceof JsonObject object)) return false;
      for (String name : required) {
        if (!object.containsKey(name)) return false;
      }
      for (Map.Entry<String, Object> member : object) {
        Predicate<Object> check = properties.get(member.getKey());
        if (check == null ? closed : !check.test(member.getValue())) return false;
      }
      return true;
    };
  }

  private static Predicate<Object> string(JsonSchema schema) {
    if (!onlyKeys(schema, "type", "minLength", "maxLength", "pattern", "enum", "format")) return null;
    Object format = schema.get("format");
    if (format != null && !format.equals("uuid")) return null;
    Pattern uuid = format == null ? null : UUID;
    Number minLength = schema.get("minLength");
    Number maxLength = schema.get("maxLength");
    Pattern pattern = schema.containsKey("pattern") ? Pattern.compile(schema.<String>get("pattern")) : null;
    Set<String> allowed = schema.containsKey("enum") ? strings(schema.get("enum")) : null;
    if (schema.containsKey("enum") && allowed == null) return null;
    return value -> {
      if (!(value instanceof String s)) return false;
      // The library counts code points; without surrogates that is the length.
      if ((minLength != null || maxLength != null) && hasSurrogate(s)) return false;
      if (minLength != null && s.length() < minLength.longValue()) return false;
      if (maxLength != null && s.length() > maxLength.longValue()) return false;
      if (pattern != null && !pattern.matcher(s).find()) return false; // unanchored, as the library
      if (uuid != null && !uuid.matcher(s).matches()) return false;
      return allowed == null || allowed.contains(s);
    };
  }

  private static Predicate<Object> number(JsonSchema schema, boolean integer) {
    if (!onlyKeys(schema, "type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) return null;
    Double min = bound(schema, "minimum");
    Double max = bound(schema, "maximum");
    Double exclusiveMin = bound(schema, "exclusiveMinimum");
    Double exclusiveMax = bound(schema, "exclusiveMaximum");
    for (String key : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
      if (schema.containsKey(key) && bound(schema, key) == null) return null; // e.g. a draft-4 boolean
    }
    return value -> {
      boolean whole = value instanceof Integer || value instanceof Long;
      if (!whole && (integer || !(value instanceof Double))) return false;
      double v = ((Number) value).doubleValue();
      if (Double.isNaN(v) || Math.abs(v) > EXACT) return false;
      return (min == null || v >= min) && (max == null || v <= max)
          && (exclusiveMin == null || v > exclusiveMin) && (exclusiveMax == null || v < exclusiveMax);
    };
  }

  private static Predicate<Object> array(JsonSchema schema, JsonObject components, int depth) {
    if (!onlyKeys(schema, "type", "items", "minItems", "maxItems", "uniqueItems")) return null;
    Object items = schema.get("items");
    Predicate<Object> item = items instanceof JsonObject object ? compile(JsonSchema.of(object), components, depth + 1) : null;
    if (item == null) return null;
    Object unique = schema.get("uniqueItems");
    if (unique != null && !(unique instanceof Boolean)) return null;
    // Unique strings are told apart by equals; items of other types may be equal in JSON but not in Java (1 and 1.0).
    boolean distinct = Boolean.TRUE.equals(unique);
    if (distinct && !"string".equals(((JsonObject) items).getValue("type"))) return null;
    Number minItems = schema.get("minItems");
    Number maxItems = schema.get("maxItems");
    return value -> {
      if (!(value instanceof JsonArray array)) return false;
      if (minItems != null && array.size() < minItems.longValue()) return false;
      if (maxItems != null && array.size() > maxItems.longValue()) return false;
      for (int i = 0; i < array.size(); i++) {
        if (!item.test(array.getValue(i))) return false;
      }
      return !distinct || new HashSet<>(array.getList()).size() == array.size();
    };
  }

  /** True when every validating keyword of {@code schema} is among {@code keys}. */
  private static boolean onlyKeys(JsonSchema schema, String... keys) {
    Set<String> allowed = Set.of(keys);
    for (String key : schema.fieldNames()) {
      if (SUPPORTED.contains(key) && !allowed.contains(key)) return false;
    }
    return true;
  }

  private static Double bound(JsonSchema schema, String key) {
    Object bound = schema.get(key);
    return bound instanceof Number n && Math.abs(n.doubleValue()) <= EXACT ? n.doubleValue() : null;
  }

  private static Set<String> strings(Object values) {
    if (!(values instanceof JsonArray array)) return null;
    Set<String> out = new HashSet<>();
    for (Object v : array) {
      if (!(v instanceof String s)) return null;
      out.add(s);
    }
    return out;
  }

  private static boolean hasSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) return true;
    }
    return false;
  }
}
