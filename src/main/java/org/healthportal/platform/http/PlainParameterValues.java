package org.healthportal.platform.http;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.transformer.FormTransformer;
import java.util.regex.Pattern;

/**
 * The value vertx-openapi's parameter transformers produce, computed without their exceptions, for
 * the plain values requests carry: words, JSON numbers and literals, and text that is not JSON.
 *
 * <p>The library decides "is it JSON?" by decoding and catching the failure, then decodes again as a
 * quoted string: two exceptions with full stack traces for a value like {@code full_disability} or
 * {@code 36.65,117.12}. Those exceptions were the largest source of garbage on a cache hit, and the
 * garbage collections they caused showed up in the latency tail. Returns null (the caller then uses
 * the library) for anything else.
 */
final class PlainParameterValues {

  private static final Pattern WORD = Pattern.compile("\\w+");
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");
  /** Reaches the protected splitting of form-style arrays (the library's own). */
  private static final ArraySplitter FORM = new ArraySplitter();

  private PlainParameterValues() {}

  /** The transformed value of {@code raw}, exactly as the library's transformer gives it, or null when unsure. */
  static Object transform(Parameter parameter, String raw) {
    // Label and matrix values carry a prefix the library strips first; only the plain styles here.
    if (parameter.getStyle() != Style.FORM && parameter.getStyle() != Style.SIMPLE) return null;
    SchemaType type = parameter.getSchemaType();
    if (type == SchemaType.ARRAY) {
      if (parameter.getStyle() != Style.FORM || raw.isEmpty()) return null;
      JsonArray array = new JsonArray();
      for (String item : FORM.split(parameter, raw)) {
        Object value = primitive(item, false);
        if (value == null) return null;
        array.add(value);
      }
      return array;
    }
    if (type == SchemaType.OBJECT) return null;
    return primitive(raw, SchemaType.STRING.equals(type));
  }

  /** ParameterTransformer.transformPrimitive's result for the shapes it can tell apart without trying. */
  private static Object primitive(String raw, boolean stringSchema) {
    if (stringSchema && WORD.matcher(raw).matches()) return raw;
    if (JSON_NUMBER.matcher(raw).matches() || raw.equals("true") || raw.equals("false") || raw.equals("null")) {
      return Json.decodeValue(raw); // valid JSON: the library decodes it the same way, without failing
    }
    if (raw.isEmpty()) return null;
    char first = raw.charAt(0);
    if (first == '[' || first == '{' || first == '"') return null; // may be JSON
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || Character.isWhitespace(c)) return null;
    }
    // Not JSON: not an array, object or string, not a whole number or literal, and no whitespace
    // that could end one (what follows a number is a trailing token Vert.x rejects, e.g. in
    // "36.65,117.12"). Quoted, it is a JSON string of exactly these characters: the library's second
    // attempt returns it unchanged.
    return raw;
  }

  private static final class ArraySplitter extends FormTransformer {
    String[] split(Parameter parameter, String raw) {
      return getArrayValues(parameter, raw);
    }
  }
}
