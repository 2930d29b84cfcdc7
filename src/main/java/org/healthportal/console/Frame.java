package org.healthportal.console;

/**
 * What every console page's layout needs: the words, the title, who is signed in (null on the pages
 * before sign-in), the session's CSRF token for forms, and where the language switch leads back to.
 */
public record Frame(Texts texts, String title, Staff staff, String path) {

  public String t(String key, Object... args) {
    return texts.t(key, args);
  }

  public String lang() {
    return texts.lang().tag();
  }

  public String csrf() {
    return staff == null ? "" : staff.csrfToken();
  }

  public boolean signedIn() {
    return staff != null;
  }

  public boolean admin() {
    return staff != null && staff.admin();
  }

  /** The other language's switch link, back to this page. */
  public String otherLanguageHref() {
    String other = texts.chinese() ? "en" : "zh";
    return "/console/lang/" + other + "?next=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8);
  }
}
