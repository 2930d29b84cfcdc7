package org.healthportal.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium and its chromedriver for the browser tests, where Debian puts them. When one is
 * missing and the tests run as root (CI machines, fresh developer machines), its Debian package is
 * installed with apt-get. A test is skipped, with the reason, only when installing is impossible.
 */
public final class Chromium {

  private static final Path BROWSER = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Path DRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
  /** Small (5 MB) and enough for Simplified Chinese; Debian's chromium brings no CJK font. */
  private static final Path CHINESE_FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
  /** One install attempt per package and run: a failed apt-get would fail again for every test. */
  private static final Map<String, Boolean> installed = new HashMap<>();

  private Chromium() {}

  /** The browser binary, installed if need be; skips the calling test if it cannot be. */
  public static Path browser() {
    return ensure(BROWSER, "chromium");
  }

  /** The chromedriver binary matching {@link #browser()} (same Debian release), installed if need be. */
  public static Path driver() {
    browser();
    return ensure(DRIVER, "chromium-driver");
  }

  /**
   * Whether a Chinese font is there (installed if need be), so Chinese pages show as text rather than
   * boxes in screenshots. Never a reason to skip: the tests read the DOM, not the pixels.
   */
  public static boolean chineseFont() {
    return present(CHINESE_FONT, "fonts-wqy-microhei");
  }

  private static Path ensure(Path binary, String debianPackage) {
    Assumptions.assumeTrue(present(binary, debianPackage), binary + " is missing, and installing Debian's " + debianPackage
        + " did not bring it (not root, or apt-get failed): apt-get install " + debianPackage);
    return binary;
  }

  private static synchronized boolean present(Path file, String debianPackage) {
    return installed.computeIfAbsent(debianPackage, p -> Files.exists(file) || aptInstall(p) && Files.exists(file));
  }

  /** apt-get install, refreshing the package lists only if the first try fails (they may be stale or absent). */
  private static boolean aptInstall(String debianPackage) {
    String install = "apt-get install -y -q " + debianPackage;
    try {
      ProcessBuilder pb = new ProcessBuilder("sh", "-c", "[ \"$(id -u)\" = 0 ] && (" + install + " || (apt-get update -q && " + install + "))")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p = pb.start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
