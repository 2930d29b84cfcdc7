package org.healthportal.console;

import java.util.Arrays;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Messages;

/** The console's words in one language, from {@code i18n/console_<lang>.properties}. */
public final class Texts {

  private static final Messages CATALOGUE = Messages.catalogue("console");

  private final Lang lang;

  public Texts(Lang lang) {
    this.lang = lang;
  }

  /** The message {@code key} with {@code args} in its placeholders. */
  public String t(String key, Object... args) {
    return CATALOGUE.text(lang, key, Arrays.asList(args));
  }

  public Lang lang() {
    return lang;
  }

  public boolean chinese() {
    return lang == Lang.ZH;
  }

  /** The catalogue itself (a test keeps both languages complete). */
  static Messages catalogue() {
    return CATALOGUE;
  }
}
