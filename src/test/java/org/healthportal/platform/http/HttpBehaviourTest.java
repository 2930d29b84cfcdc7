package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/** Cross-cutting HTTP behaviour: problem documents, request ids, limits, compression, headers. */
class HttpBehaviourTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void unknownPathIsAProblemDocument() {
    JsonObject p = http.get("/v1/nothing-here").problem(404);
    assertThat(p.getString("type")).endsWith("/not-found");
    assertThat(p.getString("instance")).isEqualTo("/v1/nothing-here");
  }

  @Test
  void wrongMethodIsAProblemDocument() {
    http.send("DELETE", "/v1/regions", null, null, null, Map.of()).problem(405);
  }

  @Test
  void oversizedBodyIs413() {
    String big = "{\"x\":\"" + "a".repeat(70 * 1024) + "\"}";
    Http.Response r = http.send("POST", "/v1/regions", null, "application/json", big, Map.of());
    JsonObject p = r.problem(413);
    assertThat(p.getString("type")).endsWith("/payload-too-large");
  }

  @Test
  void everyResponseCarriesARequestIdAndSecurityHeaders() {
    Http.Response r = http.get("/v1/regions/370100");
    assertThat(r.header("X-Request-Id")).matches("[0-9a-f-]{36}");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'");

    Http.Response echoed = http.send("GET", "/v1/regions/370100", null, null, null, Map.of("X-Request-Id", "client-req-12345"));
    assertThat(echoed.header("X-Request-Id")).isEqualTo("client-req-12345");

    Http.Response unsafe = http.send("GET", "/v1/regions/370100", null, null, null, Map.of("X-Request-Id", "bad id with spaces <script>"));
    assertThat(unsafe.header("X-Request-Id")).matches("[0-9a-f-]{36}");
  }

  @Test
  void responsesAreGzippedWhenAsked() throws Exception {
    HttpRequest req = http.request("/v1/regions", null).header("Accept-Encoding", "gzip").GET().build();
    HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
    String body = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(new JsonObject(body).getJsonArray("items")).hasSizeGreaterThan(100);
  }
}
