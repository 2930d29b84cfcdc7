package org.healthportal.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * Requests no decoder should see: each gets a 400 problem naming the part that is wrong, before a
 * query decoder can throw or PostgreSQL can refuse a NUL. Sent as raw bytes, since an HTTP client
 * library would refuse to send most of them.
 */
class MalformedRequestTest {

  private final TestEnv env = TestEnv.get();

  @Test
  void badEscapesInvalidUtf8AndNulInTheUriAre400sNamingThePart() throws IOException {
    assertBadRequest("GET", "/v1/family-doctor/teams?a=%", "query");
    assertBadRequest("GET", "/v1/facilities?cursor=%%%bad", "query");
    assertBadRequest("GET", "/v1/facilities?q=%C3%28", "query");
    assertBadRequest("GET", "/v1/facilities?q=abc%00def", "query");
    assertBadRequest("GET", "/v1/regions/%zz", "path");
    assertBadRequest("GET", "/v1/regions/%", "path");
    assertBadRequest("GET", "/v1/regions/37%00", "path");
    assertBadRequest("DELETE", "/v1/me/dependants/%", "path");
    assertBadRequest("GET", "/docs/%zz", "path");
  }

  @Test
  void aRepeatedSingleValuedParameterIsRefusedNamingIt() {
    Http.Response r = env.http.get("/v1/facilities?limit=1&limit=2");
    JsonObject problem = r.problem(400);
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("limit");
    assertThat(problem.getString("detail")).contains("limit").contains("once");
    // An array parameter may repeat.
    assertThat(env.http.get("/v1/facilities?kind=nursing_home&kind=elderly_care_home&limit=1").status()).isEqualTo(200);
  }

  @Test
  void aNulOrHalfASurrogatePairInAJsonBodyIs400NotADatabaseError() {
    String admin = env.token("admin1");
    String path = "/v1/facilities/" + Facilities.CARE_HOME_1;
    for (String text : new String[] {"open\\u0000late", "\\ud83d alone", "alone \\udc00"}) {
      String etag = env.http.get(path).header("ETag");
      Http.Response r = env.http.send("PATCH", path, admin, "application/merge-patch+json",
          "{\"openingHours\":\"" + text + "\"}", Map.of("If-Match", etag));
      JsonObject problem = r.problem(400);
      assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("in")).isEqualTo("body");
    }
    // An escaped backslash before "u0000" is ordinary text, and a whole surrogate pair is one character.
    String etag = env.http.get(path).header("ETag");
    assertThat(env.http.send("PATCH", path, admin, "application/merge-patch+json",
        "{\"openingHours\":\"08:00-17:00 \\\\u0000 \\ud83d\\ude00\"}", Map.of("If-Match", etag)).status()).isEqualTo(200);
  }

  private void assertBadRequest(String method, String target, String in) throws IOException {
    URI base = URI.create(env.baseUrl);
    String token = env.token("resident1");
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      String response = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
      assertThat(response).as(method + " " + target).startsWith("HTTP/1.1 400");
      assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
      JsonObject problem = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
      assertThat(problem.getInteger("status")).isEqualTo(400);
      assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("in")).as(target).isEqualTo(in);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
