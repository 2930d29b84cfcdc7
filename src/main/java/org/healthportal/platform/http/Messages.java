package org.healthportal.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message catalogues: every text a client reads in a problem document, in each {@link Lang}, from
 * {@code i18n/problems_<lang>.properties} (UTF-8), and the console's pages from {@code i18n/console_<lang>.properties}.
 * The one place to change or translate a message.
 *
 * <p>Templates take positional arguments, {@code {0}}, {@code {1}}..., and nothing else is special
 * (an apostrophe is just an apostrophe). A key ending in {@code .one} is the variant used when the
 * first argument is the number 1 ("at least 1 item" against "at least 2 items"). A key missing in a
 * language falls back to English; a test keeps both catalogues complete.
 */
public final class Messages {

  static final String RESOURCE = "i18n/%s_%s.properties";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
  /** The problem documents' catalogue, {@code i18n/problems_<lang>.properties}. */
  private static final Messages PROBLEMS = new Messages("problems");

  private final Map<Lang, Properties> bundles = new EnumMap<>(Lang.class);

  private Messages(String name) {
    for (Lang lang : Lang.values()) bundles.put(lang, load(name, lang));
  }

  /** Another catalogue with the same rules, {@code i18n/<name>_<lang>.properties} (the console's pages, say). */
  public static Messages catalogue(String name) {
    return new Messages(name);
  }

  /** The message {@code key} in {@code lang} with {@code args} in place of its placeholders. */
  public static String format(Lang lang, String key, List<?> args) {
    return PROBLEMS.text(lang, key, args);
  }

  /** True when the catalogue of {@code lang} itself (without falling back) has {@code key}. */
  static boolean has(Lang lang, String key) {
    return PROBLEMS.contains(lang, key);
  }

  /** The keys of {@code lang}'s catalogue (for tests and the problem types page). */
  static Set<String> keys(Lang lang) {
    return PROBLEMS.keySet(lang);
  }

  /** This catalogue's message {@code key} in {@code lang} with {@code args} in place of its placeholders. */
  public String text(Lang lang, String key, List<?> args) {
    String template = null;
    if (!args.isEmpty() && args.get(0) instanceof Number n && n.doubleValue() == 1) template = template(lang, key + ".one");
    if (template == null) template = template(lang, key);
    if (template == null) return key; // a test keeps this from happening
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int index = Integer.parseInt(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(index < args.size() ? value(lang, args.get(index)) : m.group()));
    }
    return m.appendTail(out).toString();
  }

  /** True when this catalogue in {@code lang} itself (without falling back) has {@code key}. */
  public boolean contains(Lang lang, String key) {
    return bundles.get(lang).containsKey(key);
  }

  /** The keys of this catalogue in {@code lang}. */
  public Set<String> keySet(Lang lang) {
    return bundles.get(lang).stringPropertyNames();
  }

  private String template(Lang lang, String key) {
    String template = bundles.get(lang).getProperty(key);
    return template != null || lang == Lang.EN ? template : bundles.get(Lang.EN).getProperty(key);
  }

  private static String value(Lang lang, Object arg) {
    if (arg instanceof Text text) return text.in(lang);
    if (arg instanceof List<?> list) {
      String separator = format(lang, "sep.list", List.of());
      StringBuilder out = new StringBuilder();
      for (Object item : list) {
        if (out.length() > 0) out.append(separator);
        out.append(value(lang, item));
      }
      return out.toString();
    }
    if (arg instanceof Double || arg instanceof Float || arg instanceof BigDecimal) {
      BigDecimal d = arg instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) arg).doubleValue());
      return d.stripTrailingZeros().toPlainString(); // 50, not 50.0
    }
    return String.valueOf(arg);
  }

  private static Properties load(String catalogue, Lang lang) {
    String name = String.format(RESOURCE, catalogue, lang.bundle());
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is not on the classpath");
      Properties props = new Properties();
      props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
