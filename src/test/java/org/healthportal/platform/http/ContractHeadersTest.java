package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.healthportal.dev.ProjectPaths;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /v1/} operation documents what a partner meets on every answer: 429 and 503 (with
 * {@code Retry-After}) and, on each response, {@code X-Request-Id}, {@code RateLimit} and
 * {@code RateLimit-Policy} from the shared {@code components/headers}. Read from the contract file as
 * plain YAML; that the server really sends them is checked on every response the tests receive
 * ({@code support/Http} validates headers against the contract).
 */
class ContractHeadersTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final List<String> ON_EVERY_RESPONSE = List.of("X-Request-Id", "RateLimit", "RateLimit-Policy");

  private static JsonNode contract() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(ProjectPaths.root().resolve(Contract.RESOURCE).toFile());
  }

  @Test
  void everyV1OperationDocumentsRateLimitsUnavailabilityAndRequestIds() throws Exception {
    JsonNode doc = contract();
    List<String> gaps = gaps(doc);
    assertThat(gaps).as("gaps in the contract").isEmpty();
    long operations = count(doc);
    assertThat(operations).isGreaterThan(50);
  }

  @Test
  void theSharedHeadersSayWhatTheServerSends() throws Exception {
    JsonNode headers = contract().at("/components/headers");
    assertThat(headers.at("/X-Request-Id/required").asBoolean()).isTrue();
    assertThat(headers.at("/Retry-After/required").asBoolean()).isTrue();
    // Not on a request refused before it is counted (an oversized body), nor with limits off.
    assertThat(headers.at("/RateLimit/required").asBoolean()).isFalse();
    assertThat("\"anonymous\";r=299;t=42").matches(headers.at("/RateLimit/schema/pattern").asText());
    assertThat("\"partner\";q=6000;w=60").matches(headers.at("/RateLimit-Policy/schema/pattern").asText());
  }

  /** The check itself finds each kind of gap. */
  @Test
  void aMissingAnswerOrHeaderIsFound() throws Exception {
    JsonNode doc = contract();
    ((ObjectNode) doc.at("/paths/~1v1~1regions/get/responses")).remove("429");
    ((ObjectNode) doc.at("/paths/~1v1~1webhooks/post/responses")).remove("503");
    ((ObjectNode) doc.at("/paths/~1v1~1regions~1{code}/get/responses/200/headers")).remove("RateLimit");
    ((ObjectNode) doc.at("/components/responses/NotFound/headers")).remove("X-Request-Id");
    ((ObjectNode) doc.at("/components/responses/ServiceUnavailable/headers")).remove("Retry-After");
    List<String> gaps = gaps(doc);
    assertThat(gaps).anyMatch(g -> g.startsWith("GET /v1/regions: no 429"))
        .anyMatch(g -> g.startsWith("POST /v1/webhooks: no 503"))
        .anyMatch(g -> g.equals("GET /v1/regions/{code} 200: no RateLimit header"))
        .anyMatch(g -> g.endsWith("404: no X-Request-Id header"))
        .anyMatch(g -> g.endsWith("503: no Retry-After header"));
  }

  private static long count(JsonNode doc) {
    List<String> ops = new ArrayList<>();
    doc.get("paths").fields().forEachRemaining(p -> {
      if (p.getKey().startsWith("/v1/")) p.getValue().fieldNames().forEachRemaining(m -> { if (METHODS.contains(m)) ops.add(m); });
    });
    return ops.size();
  }

  static List<String> gaps(JsonNode doc) {
    List<String> gaps = new ArrayList<>();
    doc.get("paths").fields().forEachRemaining(path -> {
      if (!path.getKey().startsWith("/v1/")) return;
      path.getValue().fields().forEachRemaining(op -> {
        if (!METHODS.contains(op.getKey())) return;
        String name = op.getKey().toUpperCase() + " " + path.getKey();
        JsonNode responses = op.getValue().path("responses");
        for (String status : List.of("429", "503")) {
          if (!responses.has(status)) gaps.add(name + ": no " + status);
        }
        responses.fields().forEachRemaining(r -> {
          JsonNode response = resolve(doc, r.getValue());
          JsonNode headers = response.path("headers");
          List<String> wanted = new ArrayList<>(ON_EVERY_RESPONSE);
          if (r.getKey().equals("429") || r.getKey().equals("503")) {
            wanted.add("Retry-After");
            if (!response.path("content").has("application/problem+json")) gaps.add(name + " " + r.getKey() + ": not a problem document");
          }
          for (String header : wanted) {
            JsonNode h = headers.path(header);
            if (h.isMissingNode()) gaps.add(name + " " + r.getKey() + ": no " + header + " header");
            else if (!h.path("$ref").asText().equals("#/components/headers/" + header)) {
              gaps.add(name + " " + r.getKey() + ": " + header + " is not the shared components/headers/" + header);
            }
          }
        });
      });
    });
    return gaps;
  }

  private static JsonNode resolve(JsonNode doc, JsonNode node) {
    String ref = node.path("$ref").asText(null);
    return ref == null ? node : doc.at(ref.substring(1));
  }
}
