package org.healthportal.platform.search;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Text;

/**
 * The {@code q} of a search: Chinese text matches as a substring, English text as words that must
 * all occur. Values only ever reach SQL as parameters, with LIKE wildcards escaped.
 */
public record TextQuery(String text) {

  /** English words beyond this many add nothing but cost. */
  private static final int MAX_WORDS = 8;

  /** @return null when {@code q} is absent */
  public static TextQuery parse(String q) {
    if (q == null) return null;
    String text = q.strip();
    if (text.isEmpty()) throw Problem.invalidField("query", "q", Text.of("search.q-empty"));
    return new TextQuery(text);
  }

  /** English words, lower-cased, at most {@link #MAX_WORDS}. */
  public List<String> words() {
    return Arrays.stream(text.toLowerCase(Locale.ROOT).split("\\s+")).filter(w -> !w.isEmpty()).limit(MAX_WORDS).toList();
  }

  /**
   * Adds the match: the text as a substring of any of {@code chineseColumns}, or every English
   * word in any of {@code englishColumns}.
   */
  public void addFilter(SqlBuilder sql, List<String> chineseColumns, List<String> englishColumns) {
    String pattern = sql.param("%" + escapeLike(text) + "%");
    String chinese = chineseColumns.stream().map(c -> c + " LIKE " + pattern + " ESCAPE '\\'")
        .reduce((x, y) -> x + " OR " + y).orElse("false");
    String english = words().stream()
        .map(w -> {
          String word = sql.param("%" + escapeLike(w) + "%");
          return "(" + englishColumns.stream().map(c -> c + " ILIKE " + word + " ESCAPE '\\'")
              .reduce((x, y) -> x + " OR " + y).orElse("false") + ")";
        })
        .reduce((x, y) -> x + " AND " + y).orElse("false");
    sql.where("(" + chinese + " OR (" + english + "))");
  }

  /** The same match in memory, for the search index; build it once per query. */
  public InMemory inMemory() {
    return new InMemory(text, words());
  }

  /** {@link #addFilter}'s rule on values in memory. */
  public record InMemory(String text, List<String> words) {

    /**
     * @param chinese the Chinese texts as stored (null: absent)
     * @param englishLowerCase the English texts lower-cased with {@link Locale#ROOT} (null: absent)
     */
    public boolean test(String[] chinese, String[] englishLowerCase) {
      for (String c : chinese) {
        if (c != null && c.contains(text)) return true;
      }
      for (String word : words) {
        boolean found = false;
        for (String e : englishLowerCase) {
          if (e != null && e.contains(word)) {
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      return !words.isEmpty();
    }
  }

  /** Lower case as the in-memory match expects it (null stays null). */
  public static String lowerCase(String english) {
    return english == null ? null : english.toLowerCase(Locale.ROOT);
  }

  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
