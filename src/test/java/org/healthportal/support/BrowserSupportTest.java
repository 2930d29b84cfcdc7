package org.healthportal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' tools, on what exists before the console: Keycloak's own account console for the
 * login and the sessions, {@code /docs} for axe and screenshots, and a page of its own for the CSP.
 */
class BrowserSupportTest {

  private final TestEnv env = TestEnv.get();

  @Test
  void signsInOnTheRealLoginPageAndSessionsShareNoCookies() {
    String account = env.keycloak.realmUrl() + "/account";
    WebDriver a = Browser.cleanSession("a");
    a.get(account);
    KeycloakLogin.signIn(a, "staff1", "staff1-pass");
    // The account console greets the user by name once it has its tokens.
    new WebDriverWait(a, Duration.ofSeconds(30)).until(d -> bodyText(d).contains("Min Zhang"));

    WebDriver b = Browser.cleanSession("b");
    b.get(account);
    KeycloakLogin.awaitLoginPage(b); // session a's sign-in is not session b's

    Browser.cleanSession("a").get(account);
    KeycloakLogin.awaitLoginPage(a); // a clean session has no Keycloak single sign-on left
    assertThatThrownBy(() -> KeycloakLogin.signIn(a, "staff1", "wrong")).hasMessageContaining("Invalid username or password");
  }

  @Test
  void axeReportsStructuredViolationsOnTheDocsPage() {
    WebDriver browser = docsPage();
    List<Accessibility.Violation> all = Accessibility.violations(browser);
    // Swagger UI is not ours to fix; what counts is that axe ran and said what and where.
    assertThat(all).allSatisfy(v -> {
      assertThat(v.rule()).isNotBlank();
      assertThat(v.help()).isNotBlank();
      assertThat(v.targets()).isNotEmpty();
    });
    assertThat(Accessibility.seriousViolations(browser)).allSatisfy(v -> assertThat(v.impact()).isIn("serious", "critical"));
  }

  @Test
  void axeRunsOnAPageWhosePolicyAllowsNoInlineScript() throws IOException {
    String page = "<!doctype html><html lang=en><head><title>before</title></head><body><main>"
        + "<script>document.title = 'inline ran'</script><img src=/pixel.png></main></body></html>";
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = page.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Security-Policy", "script-src 'self'");
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      WebDriver browser = Browser.session("a");
      browser.get("http://localhost:" + server.getAddress().getPort() + "/");
      assertThat(browser.getTitle()).as("the policy blocks the page's inline script").isEqualTo("before");

      assertThat(Accessibility.seriousViolations(browser))
          .anySatisfy(v -> {
            assertThat(v.rule()).isEqualTo("image-alt");
            assertThat(v.impact()).isEqualTo("critical");
            assertThat(v.targets()).containsExactly("img");
          });
    } finally {
      server.stop(0);
    }
  }

  @Test
  void screenshotsArePngsAtPhoneAndDesktopWidth() throws IOException {
    List<Path> files = Screenshots.save(docsPage(), "docs");
    assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("docs-phone.png", "docs-desktop.png");
    assertThat(pngWidth(files.get(0))).isEqualTo(360);
    assertThat(pngWidth(files.get(1))).isEqualTo(1280);
  }

  private WebDriver docsPage() {
    WebDriver browser = Browser.session("a");
    browser.get(env.baseUrl + "/docs");
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
    return browser;
  }

  private static String bodyText(WebDriver driver) {
    return (String) ((JavascriptExecutor) driver).executeScript("return document.body ? document.body.innerText : ''");
  }

  /** The width in a PNG's header (IHDR, right after the 8-byte signature and the chunk's length and type). */
  private static int pngWidth(Path png) throws IOException {
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
    return ByteBuffer.wrap(bytes, 16, 4).getInt();
  }
}
