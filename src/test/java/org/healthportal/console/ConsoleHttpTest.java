package org.healthportal.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in and its guards, from the HTTP side (ConsoleBrowserTest drives the pages):
 * the PKCE redirect, the cookies' attributes, one-time callbacks, the page policy, malformed forms,
 * and a server without the console.
 */
class ConsoleHttpTest {

  private final TestEnv env = TestEnv.get();
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void withoutASessionEveryPageLeadsToSignIn() throws Exception {
    HttpResponse<String> home = get("/console", Map.of());
    assertThat(home.statusCode()).isEqualTo(303);
    assertThat(home.headers().firstValue("Location")).hasValue("/console/login?next=%2Fconsole");
    assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'").contains("form-action 'self' " + origin(env.keycloak.realmUrl())).doesNotContain("unsafe-inline");

    HttpResponse<String> page = get("/console/facilities/d0000000-0000-4000-8000-000000000001/edit", Map.of());
    assertThat(page.headers().firstValue("Location")).hasValue("/console/login?next=%2Fconsole%2Ffacilities%2Fd0000000-0000-4000-8000-000000000001%2Fedit");

    // htmx follows redirects inside its request: it is told to navigate instead.
    HttpResponse<String> boosted = get("/console", Map.of("HX-Request", "true"));
    assertThat(boosted.statusCode()).isEqualTo(200);
    assertThat(boosted.headers().firstValue("HX-Redirect")).hasValue("/console/login?next=%2Fconsole");

    HttpResponse<String> post = post("/console/facilities/d0000000-0000-4000-8000-000000000001/beds", "level=self_care&total.self_care=1", Map.of());
    assertThat(post.statusCode()).isEqualTo(303);
    assertThat(post.headers().firstValue("Location")).hasValue("/console/login?next=%2Fconsole");
  }

  @Test
  void signInIsTheCodeFlowWithPkceAndAOneTimeHttpOnlyCookie() throws Exception {
    HttpResponse<String> login = get("/console/login?next=/console/facilities/x", Map.of());
    assertThat(login.statusCode()).isEqualTo(303);
    URI realm = URI.create(login.headers().firstValue("Location").orElseThrow());
    assertThat(realm.toString()).startsWith(env.keycloak.realmUrl() + "/protocol/openid-connect/auth?");
    assertThat(realm.getQuery()).contains("response_type=code").contains("client_id=portal-console").contains("code_challenge_method=S256")
        .contains("code_challenge=").contains("state=").contains("nonce=").doesNotContain("code_verifier");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("hp_console_login=").containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Path=/console")
        .doesNotContain("Secure"); // development; production adds Secure

    // A callback whose state is not this browser's sign-in's is refused, and the sign-in is used up.
    String loginCookie = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<String> forged = get("/console/callback?code=abc&state=forged", Map.of("Cookie", loginCookie));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    String state = query(realm, "state");
    HttpResponse<String> replay = get("/console/callback?code=abc&state=" + state, Map.of("Cookie", loginCookie));
    assertThat(replay.statusCode()).as("the pending sign-in was taken by the first callback").isEqualTo(400);

    HttpResponse<String> offSite = get("/console/login?next=https://evil.example/", Map.of());
    assertThat(offSite.statusCode()).isEqualTo(303); // where it returns to is checked in SignInTest
  }

  @Test
  void aMalformedFormGetsAPageAndTheApiStillRefusesForms() throws Exception {
    HttpResponse<String> malformed = post("/console/logout", "csrf=%zz", Map.of());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");

    HttpResponse<String> api = post("/v1/facilities", "kind=hospice", Map.of());
    assertThat(api.statusCode()).isEqualTo(415);
    assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
  }

  @Test
  void aServerWithoutTheConsoleAnswers404() throws Exception {
    TestEnv.Instance off = env.startApp(Map.of("console.client-secret", ""));
    try {
      var r = off.http().get("/console");
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(off.http().get("/console/login").status()).isEqualTo(404);
    } finally {
      off.stop();
    }
  }

  private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(env.baseUrl + path)).timeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(env.baseUrl + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    headers.forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String origin(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  private static String query(URI uri, String name) {
    return List.of(uri.getRawQuery().split("&")).stream().filter(p -> p.startsWith(name + "=")).map(p -> p.substring(name.length() + 1))
        .findFirst().orElseThrow();
  }
}
