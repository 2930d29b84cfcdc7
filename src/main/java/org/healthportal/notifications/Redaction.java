package org.healthportal.notifications;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes anything that looks like an ID or phone number, whole or masked, out of free text written by
 * staff (a decline's reason), because notification texts must carry neither, not even masked.
 */
final class Redaction {

  static final String REMOVED = "[…]";
  /** A run of digits and mask characters, with the spaces and hyphens people put in phone numbers. */
  private static final Pattern NUMBER_LIKE = Pattern.compile("[0-9０-９*＊][0-9０-９*＊ \\-]{4,}[0-9０-９*＊Xx]");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  /** Fewer digits than this are a house number, a count or a time, not a person's number. */
  private static final int MIN_DIGITS = 7;

  private Redaction() {}

  static String withoutNumbers(String text) {
    if (text == null) return null;
    Matcher m = NUMBER_LIKE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String run = m.group();
      boolean number = run.codePoints().filter(c -> Character.isDigit(c) || c == '*' || c == '＊').count() >= MIN_DIGITS
          && !DATE.matcher(run.trim()).matches();
      m.appendReplacement(out, Matcher.quoteReplacement(number ? REMOVED : run));
    }
    return m.appendTail(out).toString();
  }
}
