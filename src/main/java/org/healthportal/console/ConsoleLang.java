package org.healthportal.console;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import org.healthportal.platform.http.Lang;

/**
 * The console's language: Chinese unless the staff member switched to English (a cookie), whatever
 * the browser's Accept-Language says; the console is Chinese first.
 */
public final class ConsoleLang {

  static final String COOKIE = "hp_console_lang";

  private ConsoleLang() {}

  public static Lang of(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    return c != null && "en".equals(c.getValue()) ? Lang.EN : Lang.ZH;
  }

  /** The cookie that keeps {@code lang} (a year; it is a preference, not a secret). */
  public static Cookie cookie(Lang lang, boolean secure) {
    return Cookie.cookie(COOKIE, lang == Lang.EN ? "en" : "zh").setPath("/console").setMaxAge(365L * 86_400)
        .setSecure(secure).setHttpOnly(true).setSameSite(io.vertx.core.http.CookieSameSite.LAX);
  }
}
