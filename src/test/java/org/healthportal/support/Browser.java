package org.healthportal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium sessions for the browser tests, each started once per JVM on first use and quit at
 * exit. A session is its own browser with its own profile, so two sessions (two staff members at two
 * desks) share no cookies. Tests reuse a session rather than start one each: a start costs a second or two.
 */
public final class Browser {

  /** The desktop size every session starts with; {@link Screenshots} sets other widths itself. */
  public static final Dimension WINDOW = new Dimension(1280, 900);

  private static final Map<String, Session> sessions = new LinkedHashMap<>();
  /**
   * Selenium warns when it has no CDP bindings for this Chromium's version. The tests send raw CDP
   * commands ({@code executeCdpCommand}), which need none. Held here: JUL keeps loggers only weakly.
   */
  private static final Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");
  private static boolean hookAdded;

  private record Session(ChromeDriver driver, Path profile) {}

  private Browser() {}

  /** The session of this name (any name: "a", "b", "staff2"), started on first use. */
  public static synchronized ChromeDriver session(String name) {
    Session s = sessions.get(name);
    if (s == null) {
      s = start();
      sessions.put(name, s);
    }
    return s.driver();
  }

  /**
   * The session of this name with no cookies at all: neither the console's session nor Keycloak's
   * single sign-on, so the next console page starts at the login form. For the start of a test.
   */
  public static ChromeDriver cleanSession(String name) {
    ChromeDriver driver = session(name);
    // CDP clears every origin's cookies at once; WebDriver's deleteAllCookies only the current page's.
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    driver.manage().window().setSize(WINDOW);
    return driver;
  }

  private static Session start() {
    Path driverBinary = Chromium.driver();
    Chromium.chineseFont();
    Path profile;
    try {
      profile = Files.createTempDirectory("chromium-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    // Both paths are given, so Selenium Manager is never asked (it would try to download a browser and a driver).
    options.setBinary(Chromium.browser().toFile());
    // No network beyond loopback here: nothing may try to reach Google's services.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile, "--window-size=" + WINDOW.width + "," + WINDOW.height);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30)).pageLoadTimeout(Duration.ofSeconds(30));
    addShutdownHookOnce();
    return new Session(driver, profile);
  }

  private static Logger quiet(String name) {
    Logger log = Logger.getLogger(name);
    log.setLevel(Level.SEVERE);
    return log;
  }

  private static void addShutdownHookOnce() {
    if (hookAdded) return;
    hookAdded = true;
    Runtime.getRuntime().addShutdownHook(new Thread(Browser::quitAll, "browser-quit"));
  }

  private static synchronized void quitAll() {
    for (Session s : sessions.values()) {
      try {
        s.driver().quit();
      } catch (RuntimeException e) {
        // The JVM is exiting; a browser that is already gone is fine.
      }
      deleteTree(s.profile());
    }
    sessions.clear();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp folder is harmless.
    }
  }
}
