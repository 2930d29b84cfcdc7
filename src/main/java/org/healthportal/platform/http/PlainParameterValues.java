package org.healthportal.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.transformer.FormTransformer;
import java.math.BigInteger;

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
  static Object primitive(String raw, boolean stringSchema) {
    if (stringSchema && isWord(raw)) return raw;
    int number = jsonNumber(raw);
    // Valid JSON: the library decodes it, without failing, to what these give (no parser per value).
    if (number == INTEGER) return integer(raw);
    if (number == FRACTION) return Double.parseDouble(raw);
    if (raw.equals("true") || raw.equals("false")) return Boolean.valueOf(raw);
    if (raw.equals("null")) return null;
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

  private static final int NOT_A_NUMBER = 0;
  private static final int INTEGER = 1;
  private static final int FRACTION = 2;

  /** Whether {@code raw} is one or more of {@code [A-Za-z0-9_]} (the regex {@code \\w+}). */
  private static boolean isWord(String raw) {
    if (raw.isEmpty()) return false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) return false;
    }
    return true;
  }

  /**
   * Which JSON number {@code raw} is, by the grammar {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}:
   * {@link #INTEGER} without fraction or exponent, {@link #FRACTION} with either, else {@link #NOT_A_NUMBER}.
   */
  static int jsonNumber(String raw) {
    int i = 0;
    int n = raw.length();
    if (i < n && raw.charAt(i) == '-') i++;
    if (i >= n || !isDigit(raw.charAt(i))) return NOT_A_NUMBER;
    if (raw.charAt(i++) != '0') while (i < n && isDigit(raw.charAt(i))) i++;
    int kind = INTEGER;
    if (i < n && raw.charAt(i) == '.') {
      int digits = ++i;
      while (i < n && isDigit(raw.charAt(i))) i++;
      if (i == digits) return NOT_A_NUMBER;
      kind = FRACTION;
    }
    if (i < n && (raw.charAt(i) == 'e' || raw.charAt(i) == 'E')) {
      i++;
      if (i < n && (raw.charAt(i) == '+' || raw.charAt(i) == '-')) i++;
      int digits = i;
      while (i < n && isDigit(raw.charAt(i))) i++;
      if (i == digits) return NOT_A_NUMBER;
      kind = FRACTION;
    }
    return i == n ? kind : NOT_A_NUMBER;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A JSON integer as Jackson gives it: an Integer when it fits, else a Long, else a BigInteger. */
  static Number integer(String raw) {
    int digits = raw.charAt(0) == '-' ? raw.length() - 1 : raw.length();
    if (digits <= 9) return Integer.parseInt(raw);
    if (digits <= 18) {
      long value = Long.parseLong(raw);
      // Not a conditional expression: it would unbox both arms and box the Integer as a Long.
      if (value == (int) value) return Integer.valueOf((int) value);
      return Long.valueOf(value);
    }
    BigInteger value = new BigInteger(raw);
    if (value.bitLength() <= 63) return Long.valueOf(value.longValue());
    return value;
  }

  private static final class ArraySplitter extends FormTransformer {
    String[] split(Parameter parameter, String raw) {
      return getArrayValues(parameter, raw);
    }
  }
}
