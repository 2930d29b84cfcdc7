package org.healthportal.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with an input, in words a person can act on ("must be an integer from 1 to 12"),
 * written from the contract's schema at the place that failed.
 *
 * <p>vertx-json-schema reports a failure as a flat list of output units: the keyword that failed
 * (its {@code keywordLocation} in the schema) and the value it failed on ({@code instanceLocation}),
 * together with units for every enclosing keyword ("Property "month" does not match schema", "A
 * subschema had errors"). Only the innermost units say something; the enclosing ones are dropped.
 * One quirk: a declared property that fails its schema is also reported by
 * {@code additionalProperties}; only undeclared properties are unknown.
 */
final class SchemaRules {

  /** Keywords whose failure is described by the whole schema around them. */
  private static final Set<String> NUMERIC = Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
  private static final Set<String> ALTERNATIVES = Set.of("anyOf", "oneOf");
  private static final Set<String> FORMATS = Set.of("date", "date-time", "uuid", "uri", "email");
  private static final Pattern MISSING = Pattern.compile("required property \"?([^\"]+)\"?");
  /** At most this many failing places are reported: a body of thousands of bad items gets a bounded answer. */
  static final int MAX_PLACES = 100;

  /** A failing keyword at one place of the input: the JSON pointer of the value, the keyword, its rule. */
  private record Failure(String pointer, String keyword, Text rule) {}

  private final Function<String, JsonObject> refs;

  /** @param refs resolves a {@code $ref} still present in a dereferenced schema (a cycle) to its schema, or null */
  SchemaRules(Function<String, JsonObject> refs) {
    this.refs = refs;
  }

  /** One error per failing place of a body: {@code field} is the JSON pointer ({@code body} for the whole body). */
  List<Problem.FieldError> body(JsonSchema schema, OutputUnit result) {
    List<Problem.FieldError> errors = new ArrayList<>();
    byPlace(json(schema), result).forEach((pointer, rules) ->
        errors.add(new Problem.FieldError(pointer.isEmpty() ? "body" : pointer, "body", Text.joined("sep.and", rules))));
    return errors;
  }

  /**
   * The rule a parameter's value broke. Values of an array parameter are reported together
   * ("each value must be one of ..."). Without a schema result (the value could not even be read as
   * its type), the whole schema is the rule.
   */
  Text parameter(JsonSchema schema, OutputUnit result) {
    JsonObject root = json(schema);
    if (result == null) return describe(root);
    List<Text> rules = new ArrayList<>();
    byPlace(root, result).forEach((pointer, atPlace) -> {
      Text rule = Text.joined("sep.and", atPlace);
      Text text = pointer.isEmpty() ? rule : Text.of("rule.each-value", rule);
      if (!rules.contains(text)) rules.add(text);
    });
    return rules.isEmpty() ? describe(root) : Text.joined("sep.and", rules);
  }

  /** The rules broken at each place, in the order the validator found them. */
  private Map<String, List<Text>> byPlace(JsonObject root, OutputUnit result) {
    List<OutputUnit> units = new ArrayList<>();
    flatten(result, units);
    Set<String> enclosing = new HashSet<>(); // every keyword location that another one lies inside of
    for (OutputUnit unit : units) {
      String location = unit.getKeywordLocation();
      for (int slash = location.lastIndexOf('/'); slash > 0; slash = location.lastIndexOf('/', slash - 1)) {
        if (!enclosing.add(location.substring(0, slash))) break; // and so are all of its own enclosing ones
      }
    }
    Map<String, List<Failure>> byPlace = new LinkedHashMap<>();
    for (OutputUnit unit : units) {
      if (!isInnermost(unit, enclosing)) continue;
      Failure failure = failure(root, unit);
      if (failure == null) continue;
      if (byPlace.size() == MAX_PLACES && !byPlace.containsKey(failure.pointer())) break;
      byPlace.computeIfAbsent(failure.pointer(), k -> new ArrayList<>()).add(failure);
    }
    Map<String, List<Text>> rules = new LinkedHashMap<>();
    byPlace.forEach((pointer, failures) -> {
      // A wrong type is described with the whole schema at that place: the other rules are in it.
      List<Failure> relevant = failures.stream().filter(f -> f.keyword().equals("type")).findFirst()
          .map(List::of).orElse(failures);
      List<Text> texts = new ArrayList<>();
      relevant.forEach(f -> {
        if (!texts.contains(f.rule())) texts.add(f.rule());
      });
      rules.put(pointer, texts);
    });
    return rules;
  }

  private static void flatten(OutputUnit unit, List<OutputUnit> into) {
    if (unit.getKeywordLocation() != null) into.add(unit);
    if (unit.getErrors() != null) unit.getErrors().forEach(e -> flatten(e, into));
  }

  /**
   * True for a unit that no other unit lies inside of (in the schema), except that the alternatives
   * of {@code anyOf}/{@code oneOf} are reported as one rule rather than as each alternative's failures.
   */
  private static boolean isInnermost(OutputUnit unit, Set<String> enclosing) {
    List<String> segments = segments(unit.getKeywordLocation());
    for (int i = 0; i < segments.size() - 1; i++) {
      if (ALTERNATIVES.contains(segments.get(i))) return false;
    }
    if (!segments.isEmpty() && ALTERNATIVES.contains(segments.get(segments.size() - 1))) return true;
    return !enclosing.contains(unit.getKeywordLocation());
  }

  private Failure failure(JsonObject root, OutputUnit unit) {
    List<String> segments = segments(unit.getKeywordLocation());
    if (segments.isEmpty()) return null;
    String keyword = segments.get(segments.size() - 1);
    JsonObject schema = schemaAt(root, segments.subList(0, segments.size() - 1));
    String pointer = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation().replaceFirst("^#", "");
    if (schema == null) return new Failure(pointer, keyword, Text.of("rule.invalid", keyword));
    switch (keyword) {
      case "required" -> {
        Matcher missing = MISSING.matcher(unit.getError() == null ? "" : unit.getError());
        if (!missing.find()) return new Failure(pointer, keyword, Text.of("rule.required-of", list(schema.getValue("required"))));
        return new Failure(pointer + "/" + escape(missing.group(1)), keyword, Text.of("rule.required"));
      }
      case "additionalProperties", "unevaluatedProperties" -> {
        String property = unescape(pointer.substring(pointer.lastIndexOf('/') + 1));
        JsonObject declared = schema.getJsonObject("properties", new JsonObject());
        if (declared.containsKey(property) || matchesPatternProperty(schema, property)) return null; // failed its own schema: reported there
        return new Failure(pointer, keyword, declared.isEmpty()
            ? Text.of("rule.unknown-property")
            : Text.of("rule.unknown-property.allowed", new ArrayList<>(declared.fieldNames())));
      }
      default -> {
        return new Failure(pointer, keyword, rule(keyword, schema));
      }
    }
  }

  /** The rule of {@code keyword} in {@code schema}, said with what else the schema asks of the same value. */
  static Text rule(String keyword, JsonObject schema) {
    return switch (keyword) {
      case "type" -> describe(schema);
      case "enum" -> enumRule(schema.getValue("enum"));
      case "const" -> Text.of("rule.const", value(schema.getValue("const")));
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> numeric(schema, "integer".equals(mainType(schema)));
      case "multipleOf" -> Text.of("rule.multiple-of", schema.getValue("multipleOf"));
      case "minLength", "maxLength" -> length(schema);
      case "pattern" -> Text.of("rule.pattern", schema.getString("pattern"));
      case "format" -> format(schema.getString("format"));
      case "minItems", "maxItems" -> count(schema, "Items", "rule.items");
      case "uniqueItems" -> Text.of("rule.unique-items");
      case "minProperties", "maxProperties" -> count(schema, "Properties", "rule.properties");
      case "anyOf", "oneOf" -> Text.of("rule.one-of-forms");
      case "not" -> Text.of("rule.not");
      default -> Text.of("rule.invalid", keyword);
    };
  }

  /** Everything {@code schema} asks of a value, in words. */
  static Text describe(JsonObject schema) {
    if (schema.containsKey("enum")) return enumRule(schema.getValue("enum"));
    if (schema.containsKey("const")) return Text.of("rule.const", value(schema.getValue("const")));
    List<String> types = types(schema);
    boolean nullable = types.remove("null");
    List<Text> parts = new ArrayList<>();
    if (types.size() > 1) {
      parts.add(Text.of("rule.types", types));
    } else {
      String type = types.isEmpty() ? "" : types.get(0);
      switch (type) {
        case "integer", "number" -> parts.add(numeric(schema, type.equals("integer")));
        case "string" -> {
          parts.add(Text.of("rule.string"));
          if (schema.containsKey("minLength") || schema.containsKey("maxLength")) parts.add(length(schema));
          if (schema.containsKey("format")) parts.add(format(schema.getString("format")));
          if (schema.containsKey("pattern")) parts.add(Text.of("rule.pattern", schema.getString("pattern")));
        }
        case "array" -> {
          parts.add(Text.of("rule.array"));
          if (schema.containsKey("minItems") || schema.containsKey("maxItems")) parts.add(count(schema, "Items", "rule.items"));
          if (Boolean.TRUE.equals(schema.getValue("uniqueItems"))) parts.add(Text.of("rule.unique-items"));
        }
        case "object" -> parts.add(Text.of("rule.object"));
        case "boolean" -> parts.add(Text.of("rule.boolean"));
        case "null" -> parts.add(Text.of("rule.null"));
        default -> parts.add(Text.of("rule.valid"));
      }
    }
    if (nullable) parts.set(0, Text.of("rule.or-null", parts.get(0)));
    return parts.size() == 1 ? parts.get(0) : Text.joined("sep.and", parts);
  }

  private static Text numeric(JsonObject schema, boolean integer) {
    String kind = integer ? "rule.integer" : "rule.number";
    Object min = schema.getValue("minimum");
    Object max = schema.getValue("maximum");
    Object exclusiveMin = schema.getValue("exclusiveMinimum");
    Object exclusiveMax = schema.getValue("exclusiveMaximum");
    if (min instanceof Number && max instanceof Number && !(exclusiveMin instanceof Number) && !(exclusiveMax instanceof Number)) {
      return Text.of(kind + ".range", min, max);
    }
    List<Text> bounds = new ArrayList<>();
    if (exclusiveMin instanceof Number) bounds.add(Text.of("rule.bound.above", exclusiveMin));
    else if (min instanceof Number) bounds.add(Text.of("rule.bound.min", min));
    if (exclusiveMax instanceof Number) bounds.add(Text.of("rule.bound.below", exclusiveMax));
    else if (max instanceof Number) bounds.add(Text.of("rule.bound.max", max));
    return bounds.isEmpty() ? Text.of(kind) : Text.of(kind + ".bounded", Text.joined("sep.bounds", bounds));
  }

  private static Text length(JsonObject schema) {
    Object min = schema.getValue("minLength");
    Object max = schema.getValue("maxLength");
    if (min instanceof Number lo && max instanceof Number) return Text.of("rule.length.range", lo, max);
    if (max instanceof Number) return Text.of("rule.length.max", max);
    if (min instanceof Number lo) return lo.intValue() == 1 ? Text.of("rule.length.non-empty") : Text.of("rule.length.min", lo);
    return Text.of("rule.string");
  }

  /** {@code minItems}/{@code maxItems} or {@code minProperties}/{@code maxProperties} in words. */
  private static Text count(JsonObject schema, String what, String key) {
    Object min = schema.getValue("min" + what);
    Object max = schema.getValue("max" + what);
    if (min instanceof Number && max instanceof Number) return Text.of(key + ".range", min, max);
    if (max instanceof Number) return Text.of(key + ".max", max);
    return Text.of(key + ".min", min);
  }

  private static Text format(String format) {
    return FORMATS.contains(format) ? Text.of("rule.format." + format) : Text.of("rule.format", format);
  }

  private static Text enumRule(Object values) {
    List<Object> allowed = list(values);
    return allowed.size() == 1 ? Text.of("rule.const", value(allowed.get(0))) : Text.of("rule.enum", allowed);
  }

  private static String mainType(JsonObject schema) {
    List<String> types = types(schema);
    types.remove("null");
    return types.isEmpty() ? null : types.get(0);
  }

  private static List<String> types(JsonObject schema) {
    List<String> types = new ArrayList<>();
    Object type = schema.getValue("type");
    if (type instanceof String s) types.add(s);
    if (type instanceof JsonArray a) a.forEach(t -> types.add(String.valueOf(t)));
    return types;
  }

  private static List<Object> list(Object values) {
    List<Object> out = new ArrayList<>();
    if (values instanceof JsonArray a) a.forEach(v -> out.add(value(v)));
    return out;
  }

  /** A value of the schema as a client would write it. */
  private static Object value(Object v) {
    return v == null ? "null" : v instanceof JsonObject || v instanceof JsonArray ? v.toString() : v;
  }

  private static boolean matchesPatternProperty(JsonObject schema, String property) {
    JsonObject patterns = schema.getJsonObject("patternProperties");
    return patterns != null && patterns.fieldNames().stream().anyMatch(p -> Pattern.compile(p).matcher(property).find());
  }

  /** The schema object {@code segments} (a keyword location) lead to; a {@code $ref} already inlined is passed over. */
  private JsonObject schemaAt(JsonObject root, List<String> segments) {
    Object node = root;
    for (String segment : segments) {
      if (node instanceof JsonObject o) {
        if (segment.equals("$ref") || segment.equals("$dynamicRef")) {
          if (o.getValue(segment) instanceof String ref) node = refs.apply(ref);
          continue;
        }
        node = o.getValue(segment);
      } else if (node instanceof JsonArray a && segment.matches("\\d+") && Integer.parseInt(segment) < a.size()) {
        node = a.getValue(Integer.parseInt(segment));
      } else {
        return null;
      }
    }
    return node instanceof JsonObject o ? o : null;
  }

  private static List<String> segments(String location) {
    String path = location.replaceFirst("^#", "");
    List<String> out = new ArrayList<>();
    if (path.isEmpty()) return out;
    for (String s : path.substring(1).split("/", -1)) out.add(unescape(s));
    return out;
  }

  static JsonObject json(JsonSchema schema) {
    if (schema instanceof JsonObject o) return o;
    JsonObject out = new JsonObject();
    if (schema != null) schema.fieldNames().forEach(k -> out.put(k, schema.get(k)));
    return out;
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
