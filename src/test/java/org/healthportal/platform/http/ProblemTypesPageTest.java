package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.healthportal.dev.ProjectPaths;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * The {@code type} of a problem leads to the problem types page, which lists every type the code can
 * answer with and what to do about it, in English and Chinese.
 */
class ProblemTypesPageTest {

  /** A problem made with a type slug written out: {@code new Problem(409, "team-full", ...)}. */
  private static final Pattern SLUG_IN_CODE = Pattern.compile("new Problem\\(\\s*\\d{3}\\s*,\\s*\"([^\"]+)\"");
  private static final Pattern TYPE_IN_CODE = Pattern.compile("ProblemType\\.([A-Z_]+)");

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void everyTypeTheCodeUsesIsRegisteredAndOnThePage() throws IOException {
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ProjectPaths.root().resolve("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher slug = SLUG_IN_CODE.matcher(source);
        while (slug.find()) used.add(slug.group(1));
        Matcher constant = TYPE_IN_CODE.matcher(source);
        while (constant.find()) used.add(ProblemType.valueOf(constant.group(1)).slug());
      }
    }
    assertThat(used).as("types the code answers with").contains("validation", "team-full", "already-signed-up", "precondition-failed",
        "rate-limited", "resync-required", "internal");
    for (String slug : used) assertThat(ProblemType.bySlug(slug)).as("%s is registered (ProblemType)", slug).isNotNull();

    Http.Response page = http.get("/problems");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    String html = page.body();
    for (ProblemType type : ProblemType.values()) {
      assertThat(html).as(type.slug())
          .contains("<section id=\"" + type.slug() + "\">")
          .contains(type.uri())
          .contains(escape(type.title().in(Lang.EN)))
          .contains(escape(type.title().in(Lang.ZH)))
          .contains(escape(type.action().in(Lang.EN)))
          .contains(escape(type.action().in(Lang.ZH)));
    }
    assertThat(html).contains("<div lang=\"zh-CN\">", "What to do:", "处理方法：");
  }

  @Test
  void aTypeUriLeadsToItsEntry() {
    Http.Response r = http.send(http.request("/problems/team-full", null).GET().build());
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).isEqualTo("/problems#team-full");

    String type = http.get("/v1/nothing-here").problem(404).getString("type");
    assertThat(type).startsWith(Problem.TYPE_BASE);
    String path = type.substring(type.indexOf("/problems/"));
    assertThat(http.send(http.request(path, null).GET().build()).header("Location")).isEqualTo("/problems#not-found");

    assertThat(http.get("/problems/no-such-type").problem(404).getString("detail")).contains("no-such-type", "/problems");
    assertThat(http.send("GET", "/problems/no-such-type", null, null, null, Map.of("Accept-Language", "zh")).problem(404)
        .getString("detail")).isEqualTo("不存在问题类型 no-such-type；全部类型见 /problems。");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
