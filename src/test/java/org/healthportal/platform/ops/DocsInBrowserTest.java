package org.healthportal.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code /docs} as a person sees it: Debian's Chromium, headless, renders Swagger UI from the bundled
 * assets and the served contract, and every operation of the contract is listed on the page.
 */
class DocsInBrowserTest {

  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private final TestEnv env = TestEnv.get();

  @Test
  void theDocsPageListsEveryOperationOfTheContract() throws Exception {
    Assumptions.assumeTrue(chromiumAvailable(), "Debian's chromium is not installed and could not be installed (apt-get install chromium)");
    List<String> operationIds = new ArrayList<>();
    Matcher m = Pattern.compile("operationId: (\\w+)").matcher(env.http.get("/openapi.yaml").body());
    while (m.find()) operationIds.add(m.group(1));
    assertThat(operationIds).hasSizeGreaterThan(40);

    String dom = render(env.baseUrl + "/docs");
    assertThat(dom).contains("Health Portal API");
    for (String id : operationIds) {
      assertThat(dom).as("operation %s on the page", id).contains(">" + id + "<");
    }
  }

  /** The DOM after scripts ran, from a throwaway profile, with no network beyond loopback. */
  private static String render(String url) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--virtual-time-budget=20000", "--dump-dom", url)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Chromium is there, or can be installed from Debian's packages (as root, as on CI machines). */
  private static boolean chromiumAvailable() throws InterruptedException {
    if (Files.isExecutable(CHROMIUM)) return true;
    try {
      ProcessBuilder pb = new ProcessBuilder("sh", "-c", "[ \"$(id -u)\" = 0 ] && (apt-get install -y -q chromium || "
          + "(apt-get update -q && apt-get install -y -q chromium))")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process install = pb.start();
      install.waitFor(10, TimeUnit.MINUTES);
    } catch (IOException e) {
      return false;
    }
    return Files.isExecutable(CHROMIUM);
  }
}
