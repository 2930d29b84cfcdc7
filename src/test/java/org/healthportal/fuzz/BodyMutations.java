package org.healthportal.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.healthportal.fuzz.Violations.Violation;

/** Schema violations inside a JSON body, at any depth. */
final class BodyMutations {

  private BodyMutations() {}

  /** A value in the body with its schema, its JSON pointer and how to replace or remove it. */
  record Node(String pointer, JsonObject schema, Object value, Consumer<Object> replace, Runnable remove) {}

  /** Every value of {@code body} that the schema describes, the root first. */
  static List<Node> nodes(Draft d, JsonObject schema) {
    List<Node> out = new ArrayList<>();
    walk("", schema, d.body, v -> d.body = v, null, out);
    return out;
  }

  private static void walk(String pointer, JsonObject schema, Object value, Consumer<Object> replace, Runnable remove, List<Node> out) {
    out.add(new Node(pointer, schema, value, replace, remove));
    if (value instanceof JsonObject o) {
      JsonObject props = schema.getJsonObject("properties", new JsonObject());
      for (String name : new ArrayList<>(o.fieldNames())) {
        if (props.containsKey(name)) {
          walk(pointer + "/" + name, props.getJsonObject(name), o.getValue(name), v -> o.put(name, v), () -> o.remove(name), out);
        }
      }
    } else if (value instanceof JsonArray a && schema.containsKey("items")) {
      for (int i = 0; i < a.size(); i++) {
        int index = i;
        walk(pointer + "/" + i, schema.getJsonObject("items"), a.getValue(i), v -> a.set(index, v), () -> a.remove(index), out);
      }
    }
  }

  /** Breaks one schema rule somewhere in the body of {@code d} (or drops a required body); returns the rule. */
  static String invalidate(Draft d, ContractModel.Body body, Random random) {
    if (body.required() && random.nextInt(12) == 0) {
      d.body = Draft.NO_BODY;
      d.headers.remove("Content-Type");
      return "body: required but missing";
    }
    List<Node> nodes = nodes(d, body.schema());
    for (int attempt = 0; attempt < 20; attempt++) {
      Node n = nodes.get(random.nextInt(nodes.size()));
      List<Violation> options = new ArrayList<>(Violations.forBody(n.schema(), n.value()));
      if (n.value() instanceof JsonObject o) {
        for (Object r : n.schema().getJsonArray("required", new JsonArray())) {
          if (o.containsKey((String) r)) options.add(new Violation("required property missing: " + r, Missing.REQUIRED));
        }
        if (Boolean.FALSE.equals(n.schema().getValue("additionalProperties"))) options.add(new Violation("unknown property", Missing.EXTRA));
      }
      if (options.isEmpty()) continue;
      Violation v = options.get(random.nextInt(options.size()));
      if (v.value() == Missing.REQUIRED) {
        ((JsonObject) n.value()).remove(v.rule().substring(v.rule().indexOf(": ") + 2));
      } else if (v.value() == Missing.EXTRA) {
        ((JsonObject) n.value()).put("unexpectedField", "x");
      } else {
        n.replace().accept(v.value() instanceof JsonObject j ? j.copy() : v.value() instanceof JsonArray a ? a.copy() : v.value());
      }
      String at = n.pointer().isEmpty() ? "body" : "body " + n.pointer().replaceAll("/\\d+", "/*");
      return at + ": " + v.rule() + " (" + Strings.abbreviate(String.valueOf(v.value()), 40) + ")";
    }
    d.body = new JsonArray();
    return "body: wrong type: array";
  }

  /** Markers for structural violations. */
  private enum Missing { REQUIRED, EXTRA }

  /** The string values of the body (including enum values), for NUL and overlong strings. */
  static List<Node> strings(Draft d, JsonObject schema) {
    return nodes(d, schema).stream().filter(n -> n.value() instanceof String).toList();
  }
}
