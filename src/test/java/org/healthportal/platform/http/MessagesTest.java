package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.healthportal.dev.ProjectPaths;
import org.junit.jupiter.api.Test;

/** The message catalogue is complete in both languages and the code uses only its keys; languages are negotiated. */
class MessagesTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");
  /** Where the code names a message: the first string of these calls (up to the end of the statement). */
  private static final Pattern MESSAGE_CALL = Pattern.compile("(Text\\.of\\(|Problem\\.of\\(|Text\\.joined\\(|new InvalidIdNumber\\()([^;]*)");
  private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)*)\"");

  @Test
  void bothCataloguesHaveTheSameKeysWithTheSamePlaceholders() {
    Set<String> en = Messages.keys(Lang.EN);
    Set<String> zh = Messages.keys(Lang.ZH);
    assertThat(new TreeSet<>(zh)).isEqualTo(new TreeSet<>(en));
    for (String key : en) {
      assertThat(placeholders(Messages.format(Lang.ZH, key, List.of())))
          .as("placeholders of %s", key).isEqualTo(placeholders(Messages.format(Lang.EN, key, List.of())));
      assertThat(Messages.format(Lang.ZH, key, List.of())).as(key).isNotBlank();
    }
  }

  @Test
  void everyProblemTypeHasATitleAndAnActionInEveryLanguage() {
    for (ProblemType type : ProblemType.values()) {
      for (Lang lang : Lang.values()) {
        assertThat(Messages.has(lang, "type." + type.slug() + ".title")).as("%s title in %s", type, lang).isTrue();
        assertThat(Messages.has(lang, "type." + type.slug() + ".action")).as("%s action in %s", type, lang).isTrue();
      }
    }
    assertThat(Messages.keys(Lang.EN).stream().filter(k -> k.startsWith("type.") && k.endsWith(".title")))
        .as("no title of an unregistered type").hasSize(ProblemType.values().length);
  }

  @Test
  void everyMessageTheCodeNamesIsInTheCatalogue() throws IOException {
    Set<String> keys = Messages.keys(Lang.EN);
    Map<String, String> unknown = new TreeMap<>();
    int named = 0;
    try (Stream<Path> files = Files.walk(ProjectPaths.root().resolve("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher call = MESSAGE_CALL.matcher(Files.readString(file));
        while (call.find()) {
          Matcher literal = LITERAL.matcher(call.group(2));
          while (literal.find()) {
            String key = (call.group(1).startsWith("new InvalidIdNumber") ? "id-number." : "") + literal.group(1);
            if (!key.contains(".")) continue; // an argument, not a key
            named++;
            // a key, or the start of keys the code completes ("rule.items" + ".max")
            if (!keys.contains(key) && keys.stream().noneMatch(k -> k.startsWith(key + "."))) unknown.put(key, file.getFileName().toString());
          }
        }
      }
    }
    assertThat(named).isGreaterThan(80);
    assertThat(unknown).as("message keys missing from the catalogue").isEmpty();
  }

  @Test
  void theRequestsPreferredLanguageWinsWithItsQValue() {
    assertThat(Lang.of((String) null)).isEqualTo(Lang.EN);
    Map<String, Lang> cases = new java.util.LinkedHashMap<>();
    cases.put("", Lang.EN);
    cases.put("zh-CN", Lang.ZH);
    cases.put("zh", Lang.ZH);
    cases.put("zh-Hans", Lang.ZH);
    cases.put("zh-Hans-CN,zh;q=0.9", Lang.ZH);
    cases.put("ZH-cn", Lang.ZH);
    cases.put("en-US,en;q=0.9,zh-CN;q=0.8", Lang.EN);
    cases.put("en;q=0.5, zh-CN;q=0.8", Lang.ZH);
    cases.put("fr-FR, de;q=0.9, zh;q=0.2", Lang.ZH);
    cases.put("fr-FR, de;q=0.9", Lang.EN);
    cases.put("zh;q=0, en;q=0.1", Lang.EN);
    cases.put("zh;q=0", Lang.EN);
    cases.put("*, zh;q=0.5", Lang.EN);
    cases.put(";;;q=x,zh", Lang.EN); // malformed: the default
    cases.forEach((header, expected) -> assertThat(Lang.of(header)).as(header).isEqualTo(expected));
  }

  @Test
  void templatesTakeArgumentsListsNestedTextsAndTheSingular() {
    Text text = Text.of("problem.no-such-id", Text.of("noun.facility"), "d0000000-0000-4000-8000-000000000001");
    assertThat(text.in(Lang.EN)).isEqualTo("No facility with id d0000000-0000-4000-8000-000000000001.");
    assertThat(text.in(Lang.ZH)).isEqualTo("不存在 ID 为 d0000000-0000-4000-8000-000000000001 的机构。");
    assertThat(Text.of("rule.enum", List.of("a", "b")).in(Lang.ZH)).isEqualTo("必须是以下之一：a、b");
    assertThat(Text.of("rule.items.max", 1).in(Lang.EN)).isEqualTo("must have at most 1 item");
    assertThat(Text.of("rule.items.max", 3).in(Lang.EN)).isEqualTo("must have at most 3 items");
    assertThat(Text.of("rule.number.range", 0.5, 50.0).in(Lang.EN)).isEqualTo("must be a number from 0.5 to 50");
  }

  @Test
  void aStoredProblemIsReplayedInTheLanguageOfTheReplay() {
    Problem first = Problem.validation(List.of(new Problem.FieldError("month", "query", Text.of("rule.integer.range", 1, 12)),
        new Problem.FieldError("/extra", "body", Text.of("rule.unknown-property"))));
    Problem replayed = Problem.fromDocument(new JsonObject(first.toDocument().encode()));
    assertThat(replayed.type()).isEqualTo(first.type());
    assertThat(replayed.status()).isEqualTo(400);
    for (Lang lang : Lang.values()) {
      assertThat(replayed.title(lang)).isEqualTo(first.title(lang));
      assertThat(replayed.detail(lang)).isEqualTo(first.detail(lang));
      assertThat(replayed.errors().get(1).detail().in(lang)).isEqualTo(first.errors().get(1).detail().in(lang));
    }
    assertThat(replayed.detail(Lang.ZH)).isEqualTo("请求中有 2 处输入无效：查询参数 month 必须是 1 到 12 之间的整数；请求体字段 /extra 是未知属性。");
    // A document stored before texts were kept: its English strings, as they were.
    Problem old = Problem.fromDocument(new JsonObject().put("type", Problem.TYPE_BASE + "team-full").put("title", "Team is full")
        .put("status", 409).put("detail", "This team has reached its panel cap; choose another team."));
    assertThat(old.detail(Lang.ZH)).isEqualTo("This team has reached its panel cap; choose another team.");
    assertThat(old.title(Lang.ZH)).isEqualTo("团队已满");
  }

  @Test
  void plainStringProblemsStillWorkAndTakeARegisteredTypesTitle() {
    Problem legacy = new Problem(503, "unavailable", "Service unavailable", "The database does not answer.");
    assertThat(legacy.title(Lang.ZH)).isEqualTo("服务不可用");
    assertThat(legacy.detail(Lang.ZH)).isEqualTo("The database does not answer.");
    Problem unregistered = new Problem(418, "teapot", "I am a teapot", "Short and stout.");
    assertThat(unregistered.title(Lang.ZH)).isEqualTo("I am a teapot");
    Problem validation = Problem.validation("Bad percent-escape in the query.", List.of(new Problem.FieldError("query", "query", "malformed")));
    assertThat(validation.title(Lang.ZH)).isEqualTo("请求无效");
    assertThat(validation.errors().get(0).detail().in(Lang.ZH)).isEqualTo("malformed");
  }

  private static List<String> placeholders(String template) {
    return PLACEHOLDER.matcher(template).results().map(m -> m.group()).sorted().distinct().toList();
  }
}
