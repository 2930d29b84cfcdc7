package org.healthportal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.healthportal.dev.ProjectPaths;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;

/**
 * Full-height PNGs of the current page at a phone and a desktop width, under
 * {@code target/console-screenshots/}, for people reviewing the console (and the README).
 */
public final class Screenshots {

  public static final Path DIR = ProjectPaths.root().resolve("target/console-screenshots");
  /** A small Android phone held upright, and an ordinary laptop. */
  private static final List<Map.Entry<String, Integer>> WIDTHS = List.of(Map.entry("phone", 360), Map.entry("desktop", 1280));

  private Screenshots() {}

  /** Writes {@code <name>-phone.png} and {@code <name>-desktop.png}; returns their paths. */
  public static List<Path> save(WebDriver driver, String name) {
    HasCdp cdp = (HasCdp) driver;
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(DIR);
      for (Map.Entry<String, Integer> device : WIDTHS) {
        Path file = DIR.resolve(name + "-" + device.getKey() + ".png");
        Files.write(file, capture(cdp, device.getValue()));
        files.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      cdp.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
    return files;
  }

  /**
   * Emulates a screen of this width (as a mobile device below 600 px, so the page's viewport meta
   * counts as on a phone), then captures the whole page, beyond the viewport.
   */
  private static byte[] capture(HasCdp cdp, int width) {
    cdp.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", Browser.WINDOW.height, "deviceScaleFactor", 1, "mobile", width < 600));
    Map<String, Object> metrics = cdp.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
    double height = Math.max(((Number) content.get("height")).doubleValue(), Browser.WINDOW.height);
    Map<String, Object> shot = cdp.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    return Base64.getDecoder().decode((String) shot.get("data"));
  }
}
