package org.healthportal.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Messages;
import org.junit.jupiter.api.Test;

/** The console's two catalogues say the same things: the same keys and the same placeholders. */
class ConsoleTextsTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

  @Test
  void chineseAndEnglishHaveTheSameKeysAndPlaceholders() {
    Messages catalogue = Texts.catalogue();
    Set<String> zh = new TreeSet<>(catalogue.keySet(Lang.ZH));
    Set<String> en = new TreeSet<>(catalogue.keySet(Lang.EN));
    en.removeIf(k -> k.endsWith(".one")); // English's singular variants have no Chinese counterpart
    assertThat(zh).isEqualTo(en);
    for (String key : zh) {
      assertThat(placeholders(catalogue.text(Lang.ZH, key, List.of()))).as(key).isEqualTo(placeholders(catalogue.text(Lang.EN, key, List.of())));
    }
  }

  private static Set<String> placeholders(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) out.add(m.group());
    return out;
  }
}
