package org.healthportal.platform.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * The languages clients are answered in: Simplified Chinese when the request prefers it, English
 * otherwise. Messages live in {@code i18n/problems_en.properties} and {@code problems_zh.properties}
 * (see {@link Messages}).
 */
public enum Lang {
  EN("en", "en"),
  ZH("zh", "zh-CN");

  private static final String CONTEXT_KEY = "lang";

  private final String bundle;
  private final String tag;

  Lang(String bundle, String tag) {
    this.bundle = bundle;
    this.tag = tag;
  }

  /** The suffix of this language's message bundle. */
  String bundle() {
    return bundle;
  }

  /** The BCP 47 tag for {@code Content-Language} and {@code lang} attributes. */
  public String tag() {
    return tag;
  }

  /**
   * The language an {@code Accept-Language} header prefers, honouring q-values: the first range (by
   * weight, then order) that is Chinese ({@code zh}, {@code zh-CN}, {@code zh-Hans}, and also the
   * Traditional tags, for which Simplified is nearer than English) or English decides; {@code *},
   * nothing we have, no header or a malformed one mean English.
   */
  public static Lang of(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) return EN;
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(acceptLanguage);
    } catch (IllegalArgumentException malformed) {
      return EN;
    }
    for (Locale.LanguageRange range : ranges) { // sorted by weight, highest first
      if (range.getWeight() <= 0) continue;
      String primary = range.getRange().split("-", 2)[0];
      if (primary.equals("zh")) return ZH;
      if (primary.equals("en") || primary.equals("*")) return EN;
    }
    return EN;
  }

  /** The language of this request (worked out once, then kept on the context). */
  public static Lang of(RoutingContext ctx) {
    Lang lang = ctx.get(CONTEXT_KEY);
    if (lang == null) {
      lang = of(ctx.request().getHeader("Accept-Language"));
      ctx.put(CONTEXT_KEY, lang);
    }
    return lang;
  }
}
