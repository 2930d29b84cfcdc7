package org.healthportal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.console.ConsoleBrowserTest.await;
import static org.healthportal.console.ConsoleBrowserTest.click;
import static org.healthportal.console.ConsoleBrowserTest.awaitText;
import static org.healthportal.console.ConsoleBrowserTest.signedIn;
import static org.healthportal.console.ConsoleBrowserTest.type;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

import io.vertx.core.json.JsonObject;
import org.healthportal.support.Browser;
import org.healthportal.support.Http;
import org.healthportal.support.KeycloakLogin;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/** What admins do in the console (and what residents cannot), checked through the public API. */
class ConsoleAdminBrowserTest {

  private static final String TAISHAN_SITE = "e0000000-0000-4000-8000-000000000001";

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void anAdminOpensAFacilityAfterFixingTheRefusedFieldsThenClosesIt() {
    ChromeDriver browser = signedIn(env, "a", "admin1");
    browser.get(env.baseUrl + "/console/admin/facilities/new");
    String name = "控制台新建养老院" + System.nanoTime();
    new Select(await(browser, By.name("/kind"))).selectByValue("elderly_care_home");
    type(browser, "/nameZh", name);
    type(browser, "/addressZh", "济南市历下区控制台路1号");
    type(browser, "/regionCode", "37");
    type(browser, "/location/lat", "36.66");
    type(browser, "/location/lng", "117.05");
    new Select(browser.findElement(By.name("/ownership"))).selectByValue("private");
    browser.findElement(By.id("create")).click();
    assertThat(await(browser, By.id("in--regionCode-error")).getText()).isNotBlank();
    assertThat(browser.findElement(By.name("/nameZh")).getAttribute("value")).as("kept as typed").isEqualTo(name);

    type(browser, "/regionCode", "370102");
    browser.findElement(By.id("create")).click();
    await(browser, By.id("beds-form"));
    String id = browser.getCurrentUrl().replaceAll(".*/console/facilities/([0-9a-f-]{36}).*", "$1");
    assertThat(http.get("/v1/facilities/" + id).json().getString("nameZh")).isEqualTo(name);

    browser.get(env.baseUrl + "/console?q=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(await(browser, By.id("facilities")).getText()).contains(name);

    browser.get(env.baseUrl + "/console/facilities/" + id);
    await(browser, By.id("close-listing")).click();
    await(browser, By.id("q"));
    assertThat(http.get("/v1/facilities/" + id).json().getString("status")).isEqualTo("closed");
  }

  @Test
  void anAdminSetsATeamsCap() {
    String team = http.get("/v1/family-doctor/teams?facility=" + HEALTH_CENTRE_2).json().getJsonArray("items").getJsonObject(0).getString("id");
    int cap = http.get("/v1/family-doctor/teams/" + team).json().getInteger("panelCap");
    ChromeDriver browser = signedIn(env, "a", "admin1");
    browser.get(env.baseUrl + "/console/facilities/" + HEALTH_CENTRE_2 + "/signups");
    type(browser, "panelCap", "0");
    click(browser, By.cssSelector("#team-" + team + " form.inline-form button"));
    await(browser, By.id("cap-" + team + "-error"));
    type(browser, "panelCap", String.valueOf(cap + 1));
    click(browser, By.cssSelector("#team-" + team + " form.inline-form button"));
    awaitText(browser, By.id("notice"), "上限已保存");
    assertThat(http.get("/v1/family-doctor/teams/" + team).json().getInteger("panelCap")).isEqualTo(cap + 1);
  }

  @Test
  void staffEditTheirTourismSite() {
    ChromeDriver browser = signedIn(env, "a", "staff1");
    browser.get(env.baseUrl + "/console/sites/" + TAISHAN_SITE + "/edit");
    String hours = "07:30-17:" + (10 + (int) (System.nanoTime() % 40));
    type(browser, "openingHours", hours);
    browser.findElement(By.id("save-listing")).click();
    awaitText(browser, By.id("notice"), "修改已保存");
    JsonObject site = http.get("/v1/tourism/sites/" + TAISHAN_SITE).json();
    assertThat(site.getString("openingHours")).isEqualTo(hours);
    browser.get(env.baseUrl + "/console/sites/" + TAISHAN_SITE + "/history");
    assertThat(await(browser, By.id("history-table")).getText()).contains("修改信息");
  }

  @Test
  void residentsAreNotLetIn() {
    ChromeDriver browser = Browser.cleanSession("a");
    browser.get(env.baseUrl + "/console");
    KeycloakLogin.signIn(browser, "resident2", "resident2-pass");
    await(browser, By.tagName("h1"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("仅限工作人员");
    // No console session was made for them: the next page goes through the realm again, and is refused again.
    browser.get(env.baseUrl + "/console/facilities/" + HEALTH_CENTRE_2);
    await(browser, By.tagName("h1"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("仅限工作人员");
    assertThat(browser.findElements(By.id("beds-form"))).isEmpty();
  }
}
