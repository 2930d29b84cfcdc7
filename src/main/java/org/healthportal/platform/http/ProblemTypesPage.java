package org.healthportal.platform.http;

import java.util.List;

/**
 * The page the {@code type} URIs of problem documents lead to ({@code GET /problems}, each type under
 * an anchor of its own): every {@link ProblemType} with its status, and its title and what a client
 * should do, in English and in Chinese. Written once from the message catalogue.
 */
public final class ProblemTypesPage {

  private static final String HTML = render();

  private ProblemTypesPage() {}

  /** The whole page. */
  public static String html() {
    return HTML;
  }

  /** Where the entry of the type {@code slug} is, or null when there is no such type. */
  public static String location(String slug) {
    return ProblemType.bySlug(slug) == null ? null : "/problems#" + slug;
  }

  private static String render() {
    StringBuilder out = new StringBuilder(32_768);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(both("page.title", " · ")).append(" — Health Portal API</title>\n")
        .append("<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}")
        .append("section{border-top:1px solid #ccc;padding:.5rem 0}h2 code{font-size:1.1em}.uri{color:#555;font-size:.9em}")
        .append(".lang{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}h3{margin:.3rem 0;font-size:1.05em}")
        .append("@media(max-width:40rem){.lang{grid-template-columns:1fr}}</style>\n</head>\n<body>\n")
        .append("<h1>").append(text(Lang.EN, "page.title")).append(" <span lang=\"zh-CN\">")
        .append(text(Lang.ZH, "page.title")).append("</span></h1>\n<div class=\"lang\">\n")
        .append("<p>").append(text(Lang.EN, "page.intro")).append("</p>\n")
        .append("<p lang=\"zh-CN\">").append(text(Lang.ZH, "page.intro")).append("</p>\n</div>\n<nav><ul>\n");
    for (ProblemType type : ProblemType.values()) {
      out.append("<li><a href=\"#").append(type.slug()).append("\"><code>").append(type.slug()).append("</code></a> ")
          .append(escape(type.title().in(Lang.EN))).append(" · <span lang=\"zh-CN\">").append(escape(type.title().in(Lang.ZH)))
          .append("</span></li>\n");
    }
    out.append("</ul></nav>\n");
    for (ProblemType type : ProblemType.values()) {
      out.append("<section id=\"").append(type.slug()).append("\">\n<h2><code>").append(type.slug()).append("</code></h2>\n")
          .append("<p class=\"uri\"><code>").append(escape(type.uri())).append("</code> · ")
          .append(text(Lang.EN, "page.status")).append(" / <span lang=\"zh-CN\">").append(text(Lang.ZH, "page.status"))
          .append("</span>: ").append(type == ProblemType.CLIENT_ERROR ? "4xx" : String.valueOf(type.status())).append("</p>\n")
          .append("<div class=\"lang\">\n");
      for (Lang lang : List.of(Lang.EN, Lang.ZH)) {
        out.append("<div lang=\"").append(lang.tag()).append("\">\n<h3>").append(escape(type.title().in(lang))).append("</h3>\n")
            .append("<p><strong>").append(text(lang, "page.what-to-do")).append("</strong> ")
            .append(escape(type.action().in(lang))).append("</p>\n</div>\n");
      }
      out.append("</div>\n</section>\n");
    }
    return out.append("</body>\n</html>\n").toString();
  }

  private static String both(String key, String separator) {
    return text(Lang.EN, key) + separator + text(Lang.ZH, key);
  }

  private static String text(Lang lang, String key) {
    return escape(Messages.format(lang, key, List.of()));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
