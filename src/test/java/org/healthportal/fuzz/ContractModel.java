package org.healthportal.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.healthportal.platform.http.Contract;

/**
 * The operations of the published contract ({@code api-spec/openapi.yaml}) as the fuzzer needs
 * them: method, path template, parameters and request body, with every {@code $ref} resolved.
 */
public record ContractModel(List<Op> operations) {

  /** One operation of the contract. */
  public record Op(String id, String method, String path, List<Param> params, Body body, boolean secured) {
    List<Param> in(String location) {
      return params.stream().filter(p -> p.in().equals(location)).toList();
    }
  }

  /** A parameter; {@code style}/{@code explode} as in OpenAPI (defaults: form and explode for query). */
  public record Param(String name, String in, boolean required, JsonObject schema, boolean explode) {
    boolean isArray() {
      return "array".equals(schema.getValue("type"));
    }
  }

  /** The request body: its one media type and schema. */
  public record Body(String contentType, JsonObject schema, boolean required) {}

  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

  @SuppressWarnings("unchecked")
  public static ContractModel load() {
    JsonObject doc;
    try {
      doc = new JsonObject(new ObjectMapper(new YAMLFactory()).readValue(Contract.publishedYaml(), Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Op> ops = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      JsonArray shared = item.getJsonArray("parameters", new JsonArray());
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) continue;
        JsonObject op = item.getJsonObject(method);
        List<Param> params = new ArrayList<>();
        for (Object p : shared) params.add(param((JsonObject) resolve(doc, p)));
        for (Object p : op.getJsonArray("parameters", new JsonArray())) params.add(param((JsonObject) resolve(doc, p)));
        ops.add(new Op(op.getString("operationId"), method.toUpperCase(), path, List.copyOf(params), body(doc, op),
            !op.getJsonArray("security", doc.getJsonArray("security", new JsonArray())).isEmpty()));
      }
    }
    return new ContractModel(List.copyOf(ops));
  }

  private static Param param(JsonObject p) {
    String in = p.getString("in");
    boolean explode = p.getBoolean("explode", "form".equals(p.getString("style", in.equals("query") ? "form" : "simple")));
    return new Param(p.getString("name"), in, p.getBoolean("required", false), p.getJsonObject("schema"), explode);
  }

  private static Body body(JsonObject doc, JsonObject op) {
    if (!op.containsKey("requestBody")) return null;
    JsonObject rb = (JsonObject) resolve(doc, op.getJsonObject("requestBody"));
    JsonObject content = rb.getJsonObject("content");
    String type = content.fieldNames().iterator().next();
    return new Body(type, content.getJsonObject(type).getJsonObject("schema"), rb.getBoolean("required", false));
  }

  /** A deep copy of {@code node} with every local {@code $ref} replaced by what it points to (the contract has no cycles). */
  static Object resolve(JsonObject doc, Object node) {
    if (node instanceof JsonObject o) {
      if (o.containsKey("$ref")) {
        JsonObject target = doc;
        for (String part : o.getString("$ref").substring(2).split("/")) target = target.getJsonObject(part);
        JsonObject merged = ((JsonObject) resolve(doc, target)).copy();
        // OpenAPI 3.1 allows siblings of $ref (a description); they do not change the schema.
        o.forEach(e -> { if (!e.getKey().equals("$ref")) merged.put(e.getKey(), resolve(doc, e.getValue())); });
        return merged;
      }
      JsonObject copy = new JsonObject();
      o.forEach(e -> copy.put(e.getKey(), resolve(doc, e.getValue())));
      return copy;
    }
    if (node instanceof JsonArray a) {
      JsonArray copy = new JsonArray();
      a.forEach(v -> copy.add(resolve(doc, v)));
      return copy;
    }
    return node;
  }
}
