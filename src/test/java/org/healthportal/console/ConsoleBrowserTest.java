package org.healthportal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.CARE_HOME_1;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;
import static org.healthportal.support.Facilities.QINGDAO_3;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.healthportal.residents.IdNumbers;
import org.healthportal.support.Accessibility;
import org.healthportal.support.Browser;
import org.healthportal.support.Http;
import org.healthportal.support.KeycloakLogin;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.Screenshots;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The staff console as staff use it: Debian's Chromium, signed in through the realm's real login
 * page, every change checked through the public API a resident's app reads.
 */
class ConsoleBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void staffReportBedsAndTheApiShowsThemAtOnce() {
    ChromeDriver browser = signedIn(env, "a", "staff1");
    browser.get(env.baseUrl + "/console/facilities/" + CARE_HOME_1);
    String level = firstCareLevel(browser);

    // More free beds than beds: refused beside the field, the figures as typed, never a 400 page.
    type(browser, "total." + level, "10");
    type(browser, "free." + level, "12");
    browser.findElement(By.id("save-beds")).click();
    WebElement error = await(browser, By.id("in-" + ("free." + level).replaceAll("[^A-Za-z0-9_]", "-") + "-error"));
    assertThat(error.getText()).contains("12").contains("10");
    assertThat(browser.findElement(By.name("free." + level)).getAttribute("value")).isEqualTo("12");

    type(browser, "free." + level, "7");
    browser.findElement(By.id("save-beds")).click();
    await(browser, By.id("saved"));

    JsonObject beds = bedsOf(http.get("/v1/facilities/" + CARE_HOME_1).json(), level);
    assertThat(beds.getInteger("total")).isEqualTo(10);
    assertThat(beds.getInteger("free")).isEqualTo(7);
    assertThat(beds.getBoolean("stale")).isFalse();
  }

  @Test
  void twoStaffEditTheSameListingAndBothChangesSurvive() {
    ChromeDriver first = signedIn(env, "a", "staff1");
    ChromeDriver second = signedIn(env, "b", "staff1");
    first.get(env.baseUrl + "/console/facilities/" + CARE_HOME_1 + "/edit");
    second.get(env.baseUrl + "/console/facilities/" + CARE_HOME_1 + "/edit");
    int n = SEQUENCE.incrementAndGet();
    String phone = "0531-8800" + (1000 + n);
    String hours = "08:00-18:" + (10 + n % 50);

    type(first, "phone", phone);
    first.findElement(By.id("save-listing")).click();
    awaitText(first, By.id("notice"), "修改已保存");

    type(second, "openingHours", hours);
    second.findElement(By.id("save-listing")).click();
    WebElement conflict = await(second, By.id("conflict"));
    assertThat(conflict.getText()).contains(phone).contains(hours);
    Screenshots.save(second, "conflict");
    second.findElement(By.id("save-listing")).click();
    awaitText(second, By.id("notice"), "修改已保存");

    JsonObject listing = http.get("/v1/facilities/" + CARE_HOME_1).json();
    assertThat(listing.getString("phone")).isEqualTo(phone);
    assertThat(listing.getString("openingHours")).isEqualTo(hours);
  }

  @Test
  void staffApproveAPendingSignupAndTheResidentSeesItActive() {
    String resident = ResidentFixtures.withProfile(env, "resident1");
    int n = SEQUENCE.incrementAndGet();
    String idNumber = IdNumbers.valid("370102", LocalDate.now().minusYears(40).minusDays(n), 500 + n);
    String dependant = http.send("POST", "/v1/me/dependants", resident, "application/json", new JsonObject().put("name", "控制台" + n)
        .put("relation", "spouse").put("idNumber", idNumber).put("residenceRegion", "370102").encode(), Map.of()).json().getString("id");
    String team = http.get("/v1/family-doctor/teams?facility=" + HEALTH_CENTRE_2).json().getJsonArray("items").getJsonObject(0).getString("id");
    Http.Response created = http.send("POST", "/v1/family-doctor/signups", resident, "application/json", new JsonObject().put("teamId", team)
        .put("dependantId", dependant).put("packages", new JsonArray().add("basic")).put("agreementVersion", "2026.1").encode(),
        Map.of("Idempotency-Key", "console-" + n + "-" + System.nanoTime()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String signup = created.json().getString("id");

    ChromeDriver browser = signedIn(env, "a", "staff1");
    browser.get(env.baseUrl + "/console/facilities/" + HEALTH_CENTRE_2 + "/signups");
    WebElement row = await(browser, By.id("signup-" + signup));
    assertThat(row.getText()).contains(created.json().getString("personIdNumberMasked")).doesNotContain(idNumber);
    Screenshots.save(browser, "signups");
    row.findElement(By.cssSelector("button.approve")).click();
    awaitText(browser, By.id("notice"), "已通过");

    JsonObject mine = http.get("/v1/me/signups", resident).json();
    JsonObject approved = mine.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("id").equals(signup)).findFirst().orElseThrow();
    assertThat(approved.getString("status")).isEqualTo("ACTIVE");
  }

  @Test
  void staffCannotOpenAnotherStaffMembersFacility() {
    ChromeDriver browser = signedIn(env, "a", "staff2");
    browser.get(env.baseUrl + "/console/facilities/" + CARE_HOME_1);
    await(browser, By.id("not-found"));
    browser.get(env.baseUrl + "/console/facilities/" + CARE_HOME_1 + "/edit");
    await(browser, By.id("not-found"));
    browser.get(env.baseUrl + "/console/facilities/" + QINGDAO_3);
    await(browser, By.id("beds-form"));
  }

  @Test
  void aFormPostWithoutTheSessionsCsrfTokenIsRefused() {
    ChromeDriver browser = signedIn(env, "a", "staff1");
    browser.get(env.baseUrl + "/console/facilities/" + CARE_HOME_1 + "/edit");
    String before = http.get("/v1/facilities/" + CARE_HOME_1).json().getString("phone");
    // A forged form: the session cookie goes along (same site), the token does not.
    browser.executeScript("document.querySelector('#edit-form input[name=csrf]').value = 'forged';"
        + "document.querySelector('#in-phone').value = '0000-1111';"
        + "document.body.removeAttribute('hx-boost'); document.getElementById('edit-form').submit();");
    await(browser, By.id("csrf-refused"));
    assertThat(http.get("/v1/facilities/" + CARE_HOME_1).json().getString("phone")).isEqualTo(before);
  }

  @Test
  void theMainPagesHaveNoSeriousAccessibilityViolationsAndAreScreenshotted() {
    ChromeDriver browser = signedIn(env, "a", "staff1");
    for (Map.Entry<String, String> page : List.of(Map.entry("home", "/console"), Map.entry("beds", "/console/facilities/" + CARE_HOME_1),
        Map.entry("edit", "/console/facilities/" + CARE_HOME_1 + "/edit"), Map.entry("history", "/console/facilities/" + CARE_HOME_1 + "/history"),
        Map.entry("signups-list", "/console/facilities/" + HEALTH_CENTRE_2 + "/signups"))) {
      browser.get(env.baseUrl + page.getValue());
      await(browser, By.tagName("h1"));
      assertThat(Accessibility.seriousViolations(browser)).as(page.getKey()).isEmpty();
      Screenshots.save(browser, page.getKey());
    }
  }

  @Test
  void signingOutEndsTheRealmSessionToo() {
    ChromeDriver browser = signedIn(env, "a", "staff1");
    browser.findElement(By.id("logout")).click();
    await(browser, By.id("sign-in"));
    browser.get(env.baseUrl + "/console");
    KeycloakLogin.awaitLoginPage(browser); // no silent sign-in: the realm forgot this browser too
  }

  @Test
  void theConsoleIsChineseFirstAndSwitchesToEnglish() {
    ChromeDriver browser = signedIn(env, "a", "staff1");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("我的机构");
    browser.findElement(By.id("switch-language")).click();
    new WebDriverWait(browser, WAIT).until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("My listings");
  }

  static ChromeDriver signedIn(TestEnv env, String session, String user) {
    ChromeDriver browser = Browser.cleanSession(session);
    browser.get(env.baseUrl + "/console");
    KeycloakLogin.signIn(browser, user, user + "-pass");
    new WebDriverWait(browser, WAIT).withMessage(() -> "not back on the console: " + browser.getCurrentUrl())
        .until(d -> d.getCurrentUrl().startsWith(env.baseUrl + "/console") && !d.findElements(By.id("logout")).isEmpty());
    return browser;
  }

  static WebElement await(WebDriver browser, By what) {
    return new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).withMessage(() -> what + " on " + browser.getCurrentUrl() + ": "
        + browser.findElement(By.tagName("body")).getText()).until(d -> {
          List<WebElement> found = d.findElements(what);
          return found.isEmpty() ? null : found.get(0);
        });
  }

  static void awaitText(WebDriver browser, By what, String text) {
    // htmx swaps the body: an element found a moment ago may be gone; the wait looks again.
    new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).withMessage(() -> "\"" + text + "\" in " + what + " on " + browser.getCurrentUrl() + ": "
        + browser.findElement(By.tagName("body")).getText())
        .until(d -> d.findElements(what).stream().anyMatch(e -> e.getText().contains(text)));
  }

  /** Types into a field; htmx may swap the page under a found element, so a stale one is found again. */
  static void type(WebDriver browser, String name, String value) {
    retryStale(() -> {
      WebElement input = await(browser, By.name(name));
      input.clear();
      input.sendKeys(value);
    });
  }

  static void click(WebDriver browser, By what) {
    retryStale(() -> await(browser, what).click());
  }

  private static void retryStale(Runnable action) {
    for (int attempt = 1; ; attempt++) {
      try {
        action.run();
        return;
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 3) throw e;
      }
    }
  }


  private static String firstCareLevel(WebDriver browser) {
    return await(browser, By.name("level")).getAttribute("value");
  }

  private static JsonObject bedsOf(JsonObject facility, String level) {
    return facility.getJsonArray("beds").stream().map(JsonObject.class::cast).filter(b -> level.equals(b.getString("careLevel")))
        .findFirst().orElseThrow();
  }
}
