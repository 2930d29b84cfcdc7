package org.healthportal.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The OpenAPI contract in {@code api-spec/openapi.yaml}, packaged on the classpath.
 *
 * <p>The published document stays honest about what clients send and receive
 * ({@code application/merge-patch+json}, {@code application/problem+json}). The validator of
 * vertx-openapi 5.0 rejects those media types, so the copy it loads is adapted: merge-patch request
 * bodies are validated as JSON (a root handler normalises the incoming Content-Type) and response
 * problem documents and FHIR resources are described as {@code application/json}; other response media types it cannot
 * handle are dropped (the router does not validate responses).
 */
public final class Contract {

  public static final String RESOURCE = "api-spec/openapi.yaml";
  public static final String MERGE_PATCH = "application/merge-patch+json";
  /** Marks, in the router's copy of the contract, an operation whose body the published contract declares as a merge patch. */
  static final String MERGE_PATCH_EXTENSION = "x-merge-patch";
  public static final String PROBLEM_JSON = "application/problem+json";
  /** FHIR resources (the {@code fhir} tag), JSON the validator can check like any other. */
  public static final String FHIR_JSON = "application/fhir+json";

  private Contract() {}

  /** The contract exactly as published. */
  public static String publishedYaml() {
    try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is not on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The contract as the request validator loads it, with validators built once (see {@link CachingContract}). */
  public static Future<OpenAPIContract> load(Vertx vertx) {
    return OpenAPIContract.from(vertx, forValidator(publishedYaml())).map(CachingContract::new);
  }

  @SuppressWarnings("unchecked")
  public static JsonObject forValidator(String yaml) {
    try {
      Map<String, Object> tree = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
      JsonObject doc = new JsonObject(tree);
      JsonObject paths = doc.getJsonObject("paths", new JsonObject());
      for (String path : paths.fieldNames()) {
        JsonObject item = paths.getJsonObject(path);
        for (String method : item.fieldNames()) {
          if (item.getValue(method) instanceof JsonObject op) adaptOperation(op);
        }
      }
      JsonObject responses = doc.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject());
      responses.forEach(e -> dropUnsupported((JsonObject) e.getValue()));
      return doc;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse " + RESOURCE, e);
    }
  }

  private static void adaptOperation(JsonObject op) {
    JsonObject body = op.getJsonObject("requestBody");
    JsonObject content = body == null ? null : body.getJsonObject("content");
    if (content != null && content.containsKey(MERGE_PATCH)) {
      content.put("application/json", content.remove(MERGE_PATCH));
      op.put(MERGE_PATCH_EXTENSION, true);
    }
    JsonObject responses = op.getJsonObject("responses", new JsonObject());
    responses.forEach(e -> {
      if (e.getValue() instanceof JsonObject r) dropUnsupported(r);
    });
  }

  private static void dropUnsupported(JsonObject response) {
    JsonObject content = response.getJsonObject("content");
    if (content == null) return;
    // Problem documents are JSON: keep their schema under the media type the validator understands,
    // so response checks in tests can use it.
    for (String jsonType : new String[] {PROBLEM_JSON, FHIR_JSON}) {
      if (content.containsKey(jsonType) && !content.containsKey("application/json")) {
        content.put("application/json", content.remove(jsonType));
      }
    }
    content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
    if (content.isEmpty()) response.remove("content");
  }
}
