package org.healthportal.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.support.Browser;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code /docs} as a person sees it: Debian's Chromium, headless, renders Swagger UI from the bundled
 * assets and the served contract, and every operation of the contract is listed on the page.
 */
class DocsInBrowserTest {

  private final TestEnv env = TestEnv.get();

  @Test
  void theDocsPageListsEveryOperationOfTheContract() {
    List<String> operationIds = new ArrayList<>();
    Matcher m = Pattern.compile("operationId: (\\w+)").matcher(env.http.get("/openapi.yaml").body());
    while (m.find()) operationIds.add(m.group(1));
    assertThat(operationIds).hasSizeGreaterThan(40);

    WebDriver browser = Browser.session("a");
    browser.get(env.baseUrl + "/docs");
    // Swagger UI renders every operation in one pass once it has the contract.
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
    String dom = browser.getPageSource();
    assertThat(dom).contains("Health Portal API");
    for (String id : operationIds) {
      assertThat(dom).as("operation %s on the page", id).contains(">" + id + "<");
    }
  }
}
