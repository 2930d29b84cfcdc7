package org.healthportal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.healthportal.platform.http.Contract;

/**
 * Raw HTTP calls to the application. Every response of an operation in the contract is checked
 * against the contract's schema for its status, so every test also proves the responses it sees.
 */
public final class Http {

  private final String baseUrl;
  private final OpenAPIContract contract;
  private final ResponseValidator validator;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Where this client sends requests ({@code http://localhost:port}). */
  public String baseUrl() {
    return baseUrl;
  }

  public Http(String baseUrl, Vertx vertx) {
    this.baseUrl = baseUrl;
    this.contract = OpenAPIContract.from(vertx, Contract.forValidator(Contract.publishedYaml())).await();
    this.validator = ResponseValidator.create(vertx, contract);
  }

  /** A response with its body as text and helpers for JSON. */
  public record Response(int status, Map<String, String> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    /** Asserts an RFC 9457 problem with this status; returns it for further checks. */
    public JsonObject problem(int expectedStatus) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      assertThat(header("Content-Type")).startsWith("application/problem+json");
      JsonObject p = json();
      assertThat(p.getInteger("status")).isEqualTo(expectedStatus);
      assertThat(p.getString("type")).startsWith("https://");
      assertThat(p.getString("title")).isNotBlank();
      assertThat(p.getString("detail")).isNotBlank();
      assertThat(p.getString("requestId")).isEqualTo(header("X-Request-Id"));
      return p;
    }

    /**
     * Asserts a FHIR {@code OperationOutcome} with this status (the {@code fhir} tag's error answer):
     * at least one issue of severity error or fatal, the problem's detail in the first issue's
     * diagnostics, and the request id as its id.
     */
    public JsonObject operationOutcome(int expectedStatus) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      assertThat(header("Content-Type")).startsWith("application/fhir+json");
      JsonObject o = json();
      assertThat(o.getString("resourceType")).isEqualTo("OperationOutcome");
      assertThat(o.getJsonArray("issue")).isNotEmpty();
      JsonObject first = o.getJsonArray("issue").getJsonObject(0);
      assertThat(first.getString("severity")).isIn("error", "fatal");
      assertThat(first.getString("diagnostics")).isNotBlank();
      assertThat(o.getString("id")).isEqualTo(header("X-Request-Id"));
      return o;
    }
  }

  public Response get(String path) {
    return send(request(path, null).GET().build());
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET().build());
  }

  public Response send(String method, String path, String token, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder b = request(path, token);
    if (contentType != null) b.header("Content-Type", contentType);
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return send(b.build());
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new HashMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      Response response = new Response(r.statusCode(), headers, r.body());
      checkAgainstContract(request, response);
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void checkAgainstContract(HttpRequest request, Response response) {
    checkAgainstContract(request.method(), request.uri().getPath(), response);
  }

  /**
   * Checks a response to {@code method path} (the decoded path) against the contract's schema for its
   * status, as every response this client receives is; fails the test when it does not match. Paths
   * outside the contract are not checked.
   */
  public void checkAgainstContract(String method, String path, Response response) {
    Operation op;
    try {
      op = contract.findOperation(path, HttpMethod.valueOf(method));
    } catch (RuntimeException notAnOperation) {
      return;
    }
    String type = response.header("Content-Type");
    if (op == null || type == null) return;
    // Problem documents and FHIR resources are declared as application/problem+json and
    // application/fhir+json; the validator's copy of the contract knows their schemas under application/json.
    boolean json = type.startsWith("application/json") || type.startsWith("application/problem+json")
        || type.startsWith("application/fhir+json");
    // Other bodies (metrics, the NDJSON and CSV exports) are declared as plain strings, and the
    // validator's copy of the contract drops media types it cannot parse: their tests check them.
    if (!json || response.status() == 304) return;
    // vertx-openapi 5.0 reads a header value as JSON, or failing that as a string when it does not
    // start with a quote, so it cannot decode `"anonymous";r=299;t=42` (RateLimit) or
    // `Bearer realm="x"`, and reads the ETag `"v3"` as v3. Every header the contract declares is a
    // string: handed over as a JSON string, each is validated as exactly the value the server sent.
    Map<String, String> headers = new HashMap<>();
    response.headers().forEach((name, value) -> headers.put(name, Json.encode(value)));
    headers.remove("content-type");
    ValidatableResponse validatable = ValidatableResponse.create(response.status(), headers, Buffer.buffer(response.body()), "application/json");
    try {
      validator.validate(validatable, op.getOperationId()).await();
    } catch (RuntimeException e) {
      fail("Response of %s %s (%d) does not match the contract: %s%nBody: %s",
          method, path, response.status(), e.getMessage(), response.body());
    }
  }
}
