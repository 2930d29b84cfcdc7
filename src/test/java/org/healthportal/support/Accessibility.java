package org.healthportal.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, from its webjar, run on the page a browser shows. The script is injected through WebDriver
 * rather than by the page: the console's Content-Security-Policy allows no inline or foreign scripts,
 * and a script the driver runs is not subject to the page's policy.
 */
public final class Accessibility {

  private static final Set<String> SERIOUS = Set.of("serious", "critical");
  private static final String AXE = axeSource();
  private static final String RUN = """
      const done = arguments[arguments.length - 1];
      axe.run(document, {resultTypes: ['violations']})
        .then(r => done(JSON.stringify(r.violations)))
        .catch(e => done(JSON.stringify({error: String(e)})));
      """;

  /** One rule broken on the page: what to fix and where (CSS selectors of the failing elements). */
  public record Violation(String rule, String impact, String help, List<String> targets) {
    @Override
    public String toString() {
      return impact + " " + rule + ": " + help + " at " + targets;
    }
  }

  private Accessibility() {}

  /** The violations of impact serious or critical on the current page; a test asserts the list is empty. */
  public static List<Violation> seriousViolations(WebDriver driver) {
    return violations(driver).stream().filter(v -> SERIOUS.contains(v.impact())).toList();
  }

  /** Every violation axe finds on the current page, whatever its impact. */
  public static List<Violation> violations(WebDriver driver) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) js.executeScript(AXE);
    String result = (String) js.executeAsyncScript(RUN);
    if (result.startsWith("{")) throw new IllegalStateException("axe failed on " + driver.getCurrentUrl() + ": " + result);
    return new JsonArray(result).stream().map(JsonObject.class::cast).map(Accessibility::violation).toList();
  }

  private static Violation violation(JsonObject v) {
    List<String> targets = v.getJsonArray("nodes").stream()
        .map(n -> ((JsonObject) n).getJsonArray("target").stream().map(String::valueOf).collect(Collectors.joining(" >> "))).toList();
    return new Violation(v.getString("id"), v.getString("impact"), v.getString("help"), targets);
  }

  /** axe.min.js of whichever axe-core webjar version is on the test classpath. */
  private static String axeSource() {
    ClassLoader loader = Accessibility.class.getClassLoader();
    try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      if (pom == null) throw new IllegalStateException("the axe-core webjar (org.webjars.npm:axe-core) is not on the test classpath");
      Properties p = new Properties();
      p.load(pom);
      try (InputStream script = loader.getResourceAsStream("META-INF/resources/webjars/axe-core/" + p.getProperty("version") + "/axe.min.js")) {
        return new String(script.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
