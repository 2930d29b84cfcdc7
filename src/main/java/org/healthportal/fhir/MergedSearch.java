package org.healthportal.fhir;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.healthportal.platform.http.Problem;

/**
 * Pages through several sources at once as if they were one list in the search's order (by
 * distance or name, then id). Each source pages with its own cursor; a page token holds them all.
 * A page takes one page from each source, merges them and keeps what comes first; a source of
 * which only part was used is asked once more for exactly that part, for the cursor behind it. A
 * filter a source's own search cannot apply (a change time) drops items after reading, so a
 * page may hold fewer than {@code _count}; an empty one is read past, a few pages at most.
 */
final class MergedSearch {

  /** Rounds of reading past items that all failed a filter before answering with an empty page and a next link. */
  private static final int MAX_ROUNDS = 10;

  /** What one page of the merged search holds; {@code next} is null on the last page. */
  record Result(List<Source.Item> items, String next) {}

  private static final Comparator<Source.Item> ORDER = (a, b) -> {
    @SuppressWarnings({"unchecked", "rawtypes"})
    int byKey = ((Comparable) a.key()).compareTo(b.key());
    return byKey != 0 ? byKey : a.id().compareTo(b.id()); // UUIDs as lower-case text order as their bytes do
  };

  private MergedSearch() {}

  static Future<Result> page(List<Source> sources, String token, String fingerprint, int count) {
    List<String> cursors = new ArrayList<>();
    List<Boolean> done = new ArrayList<>();
    decode(token, fingerprint, sources.size(), cursors, done);
    return round(sources, cursors, done, fingerprint, count, MAX_ROUNDS);
  }

  private static Future<Result> round(List<Source> sources, List<String> cursors, List<Boolean> done, String fingerprint, int count,
      int roundsLeft) {
    List<Future<Source.Page>> pages = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      pages.add(done.get(i) ? Future.succeededFuture(new Source.Page(List.of(), null)) : sources.get(i).page(cursors.get(i), sources.get(i).batch(count)));
    }
    return Future.all(pages).compose(all -> {
      List<Source.Page> read = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) read.add(all.resultAt(i));
      int[] used = new int[sources.size()];
      List<Source.Item> out = new ArrayList<>();
      merge(read, done, used, out, count);
      List<Future<String>> nextCursors = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) nextCursors.add(cursorAfter(sources.get(i), cursors.get(i), read.get(i), used[i], done.get(i)));
      return Future.all(nextCursors).compose(next -> {
        List<String> cursorsNext = new ArrayList<>();
        List<Boolean> doneNext = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
          Source.Page page = read.get(i);
          boolean finished = done.get(i) || (used[i] == page.items().size() && page.next() == null);
          doneNext.add(finished);
          cursorsNext.add(finished ? null : next.resultAt(i));
        }
        boolean more = doneNext.contains(false);
        if (out.isEmpty() && more && roundsLeft > 1) return round(sources, cursorsNext, doneNext, fingerprint, count, roundsLeft - 1);
        return Future.succeededFuture(new Result(out, more ? encode(fingerprint, cursorsNext, doneNext) : null));
      });
    });
  }

  /**
   * Takes items in order while every source still able to contribute has an item in hand: a source
   * whose page ran out but goes on could hold the next item, so merging stops there.
   */
  private static void merge(List<Source.Page> pages, List<Boolean> done, int[] used, List<Source.Item> out, int count) {
    int taken = 0;
    while (taken < count) {
      int best = -1;
      for (int i = 0; i < pages.size(); i++) {
        if (done.get(i)) continue;
        List<Source.Item> items = pages.get(i).items();
        if (used[i] == items.size()) {
          if (pages.get(i).next() != null) return;
          continue;
        }
        if (best < 0 || ORDER.compare(items.get(used[i]), pages.get(best).items().get(used[best])) < 0) best = i;
      }
      if (best < 0) return;
      Source.Item item = pages.get(best).items().get(used[best]++);
      if (item.resource() != null) {
        out.add(item);
        taken++;
      }
    }
  }

  /** The cursor behind the first {@code used} items of the page read from {@code cursor}. */
  private static Future<String> cursorAfter(Source source, String cursor, Source.Page page, int used, boolean done) {
    if (done || used == 0) return Future.succeededFuture(cursor);
    if (used == page.items().size()) return Future.succeededFuture(page.next());
    return source.page(cursor, used).map(Source.Page::next);
  }

  private static String encode(String fingerprint, List<String> cursors, List<Boolean> done) {
    JsonArray state = new JsonArray();
    for (int i = 0; i < cursors.size(); i++) state.add(done.get(i) ? Boolean.FALSE : (Object) (cursors.get(i) == null ? "" : cursors.get(i)));
    JsonObject json = new JsonObject().put("q", org.healthportal.platform.search.PageCursor.fingerprint(fingerprint)).put("s", state);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** A page token: per source, false when it is finished, else its cursor ("" for its first page). */
  private static void decode(String token, String fingerprint, int sources, List<String> cursors, List<Boolean> done) {
    if (token == null) {
      for (int i = 0; i < sources; i++) {
        cursors.add(null);
        done.add(false);
      }
      return;
    }
    try {
      JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      if (!org.healthportal.platform.search.PageCursor.fingerprint(fingerprint).equals(json.getString("q"))) {
        throw Problem.invalidField("query", "_page", "_page belongs to another search: follow the next link unchanged");
      }
      JsonArray state = json.getJsonArray("s");
      if (state.size() != sources) throw new IllegalArgumentException();
      for (Object s : state) {
        boolean finished = Boolean.FALSE.equals(s);
        done.add(finished);
        cursors.add(finished || ((String) s).isEmpty() ? null : (String) s);
      }
    } catch (IllegalArgumentException | ClassCastException | NullPointerException | DecodeException e) {
      throw Problem.invalidField("query", "_page", "_page is not a page token of this server");
    }
  }
}
