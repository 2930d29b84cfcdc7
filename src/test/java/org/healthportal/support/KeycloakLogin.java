package org.healthportal.support;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Signing in on the realm's real login page, as a person does: the form, the button, the redirect back. */
public final class KeycloakLogin {

  private static final Duration WAIT = Duration.ofSeconds(20);
  /** The paths of Keycloak's login pages (the form, and where it posts to). */
  private static final List<String> LOGIN_PATHS = List.of("/protocol/openid-connect/auth", "/login-actions/");
  /** Where Keycloak 26's login theme shows a refused sign-in (wrong password, disabled user). */
  private static final By ERROR = By.cssSelector("#input-error, .kc-feedback-text, .pf-m-danger");

  private KeycloakLogin() {}

  /**
   * On a page showing the login form, signs in as {@code username} and waits until Keycloak has
   * redirected back to the page that asked; fails with Keycloak's own message if it refused.
   */
  public static void signIn(WebDriver driver, String username, String password) {
    awaitLoginPage(driver);
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    WebElement user = driver.findElement(By.id("username"));
    user.clear();
    user.sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("kc-login")).click();
    wait.withMessage(() -> "no redirect back from Keycloak's login page; " + where(driver))
        .until(d -> !onLoginPage(d) || !d.findElements(ERROR).isEmpty());
    if (onLoginPage(driver)) {
      throw new AssertionError("Keycloak refused the sign-in of " + username + ": " + driver.findElement(ERROR).getText());
    }
  }

  /**
   * Waits until the browser shows Keycloak's login form, as after opening a page that needs a sign-in
   * (a page that redirects from a script, like Keycloak's account console, gets there after {@code get} returns).
   */
  public static void awaitLoginPage(WebDriver driver) {
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "no Keycloak login form; " + where(driver))
        .until(d -> onLoginPage(d) && !d.findElements(By.id("username")).isEmpty());
  }

  /** Whether the browser is on one of Keycloak's login pages. */
  public static boolean onLoginPage(WebDriver driver) {
    String url = driver.getCurrentUrl();
    return url != null && LOGIN_PATHS.stream().anyMatch(url::contains);
  }

  private static String where(WebDriver driver) {
    return "the browser is at " + driver.getCurrentUrl() + " (" + driver.getTitle() + ")";
  }
}
