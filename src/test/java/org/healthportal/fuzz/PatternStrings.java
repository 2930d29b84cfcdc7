package org.healthportal.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Strings matching a regular expression, for the small subset the contract uses: anchors, literals,
 * escapes ({@code \.}, {@code \d}), character classes with ranges, groups with alternatives, and the
 * quantifiers {@code ? * + {n} {n,m}}. Without a closing {@code $} anything may follow.
 */
final class PatternStrings {

  private final String regex;
  /** How many times an unbounded quantifier repeats at most: about the length wanted. */
  private final int unbounded;
  private int pos;

  private PatternStrings(String regex, int unbounded) {
    this.regex = regex;
    this.unbounded = unbounded;
  }

  /** A random string that {@code Pattern.compile(regex).matcher(s).find()} accepts, length-bounded. */
  static String generate(String regex, Random random, int minLength, int maxLength) {
    Pattern compiled = Pattern.compile(regex);
    for (int attempt = 0; attempt < 50; attempt++) {
      StringBuilder out = new StringBuilder();
      int wanted = minLength + random.nextInt(Math.max(1, Math.min(maxLength, minLength + 30) - minLength + 1));
      PatternStrings p = new PatternStrings(regex, Math.max(4, wanted));
      if (regex.startsWith("^")) p.pos = 1;
      p.alternatives(random, out);
      if (!regex.endsWith("$")) out.append(Strings.ascii(random, random.nextInt(6)));
      String s = out.toString();
      if (s.length() >= minLength && s.length() <= maxLength && compiled.matcher(s).find()) return s;
    }
    throw new IllegalStateException("Cannot generate a string for " + regex + " of length " + minLength + ".." + maxLength);
  }

  /** alternatives := sequence ('|' sequence)* */
  private void alternatives(Random random, StringBuilder out) {
    List<Integer> starts = new ArrayList<>();
    starts.add(pos);
    int depth = 0;
    int end = pos;
    for (; end < regex.length(); end++) {
      char c = regex.charAt(end);
      if (c == '\\') end++;
      else if (c == '[') end = regex.indexOf(']', end + 2);
      else if (c == '(') depth++;
      else if (c == ')') { if (depth-- == 0) break; }
      else if (c == '|' && depth == 0) starts.add(end + 1);
    }
    pos = starts.get(random.nextInt(starts.size()));
    sequence(random, out);
    pos = end; // at ')' or the end
  }

  private void sequence(Random random, StringBuilder out) {
    while (pos < regex.length()) {
      char c = regex.charAt(pos);
      if (c == '|' || c == ')') return;
      if (c == '$') { pos++; continue; }
      int atomStart = pos;
      skipAtom();
      int atomEnd = pos;
      int[] range = quantifier();
      int times = range[0] + random.nextInt(range[1] - range[0] + 1);
      for (int i = 0; i < times; i++) emit(atomStart, atomEnd, random, out);
    }
  }

  private void skipAtom() {
    char c = regex.charAt(pos);
    if (c == '\\') pos += 2;
    else if (c == '[') pos = regex.indexOf(']', pos + 2) + 1;
    else if (c == '(') {
      int depth = 0;
      for (; pos < regex.length(); pos++) {
        char d = regex.charAt(pos);
        if (d == '\\') pos++;
        else if (d == '(') depth++;
        else if (d == ')' && --depth == 0) { pos++; return; }
      }
    } else pos++;
  }

  private int[] quantifier() {
    if (pos >= regex.length()) return new int[] {1, 1};
    char c = regex.charAt(pos);
    switch (c) {
      case '?': pos++; return new int[] {0, 1};
      case '*': pos++; return new int[] {0, unbounded};
      case '+': pos++; return new int[] {1, unbounded};
      case '{': {
        int close = regex.indexOf('}', pos);
        String[] parts = regex.substring(pos + 1, close).split(",", -1);
        pos = close + 1;
        int min = Integer.parseInt(parts[0]);
        int max = parts.length == 1 ? min : parts[1].isEmpty() ? min + unbounded : Integer.parseInt(parts[1]);
        return new int[] {min, max};
      }
      default: return new int[] {1, 1};
    }
  }

  private void emit(int start, int end, Random random, StringBuilder out) {
    char c = regex.charAt(start);
    if (c == '\\') {
      char e = regex.charAt(start + 1);
      out.append(e == 'd' ? (char) ('0' + random.nextInt(10)) : e);
    } else if (c == '[') {
      List<Character> chars = classChars(regex.substring(start + 1, end - 1));
      out.append(chars.get(random.nextInt(chars.size())));
    } else if (c == '(') {
      PatternStrings inner = new PatternStrings(regex.substring(start + 1, end - 1), unbounded);
      inner.alternatives(random, out);
    } else if (c == '.') {
      out.append(Strings.ascii(random, 1));
    } else {
      out.append(c);
    }
  }

  private static List<Character> classChars(String body) {
    List<Character> chars = new ArrayList<>();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\') {
        c = body.charAt(++i);
        if (c == 'd') { for (char d = '0'; d <= '9'; d++) chars.add(d); continue; }
      }
      if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
        for (char r = c; r <= body.charAt(i + 2); r++) chars.add(r);
        i += 2;
      } else {
        chars.add(c);
      }
    }
    return chars;
  }
}
