package org.healthportal.platform.search.index;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;
import java.util.UUID;
import java.util.function.Function;
import org.healthportal.platform.search.PageCursor;

/**
 * A search candidate with its sort value, and the keyset page over such candidates in exactly the
 * database's order (see {@link org.healthportal.platform.search.Keyset}): by sort value, ascending or
 * descending, then by id ascending. Ids compare as PostgreSQL compares {@code uuid} (unsigned bytes),
 * and text as {@code COLLATE "C"} does (by code point).
 *
 * @param sortValue an {@link ArcDistance}, Integer or String: what the sort's {@link PageCursor.ValueType}
 *     says (FLOAT is a distance)
 */
public record Ranked<E>(E item, Object sortValue, UUID id) {

  /** The first {@code limit + 1} candidates after {@code after} (null: from the start), in order. */
  public static <E> List<Ranked<E>> top(Iterable<Ranked<E>> candidates, PageCursor after, boolean descending, int limit) {
    Comparator<Ranked<E>> order = order(descending);
    Ranked<E> cursor = after == null ? null : new Ranked<>(null, after.sortValue(), after.id());
    // The worst kept candidate on top, so a better one replaces it in O(log limit).
    PriorityQueue<Ranked<E>> kept = new PriorityQueue<>(limit + 2, order.reversed());
    for (Ranked<E> candidate : candidates) {
      if (cursor != null && order.compare(candidate, cursor) <= 0) continue;
      if (kept.size() <= limit) {
        kept.add(candidate);
      } else if (order.compare(candidate, kept.peek()) < 0) {
        kept.poll();
        kept.add(candidate);
      }
    }
    List<Ranked<E>> result = new ArrayList<>(kept);
    result.sort(order);
    return result;
  }

  /**
   * The page of the first {@code limit} of {@code top} (as {@link #top} returns it), as the API sends it:
   * {@code {"items":[...]}}, with a {@code nextCursor} when {@code top} holds more. {@code item} writes
   * one item; the buffer is sized for the page by the items' templates.
   */
  public static <E> Buffer page(List<Ranked<Hit<E>>> top, int limit, String fingerprint, Function<? super E, JsonTemplate> template,
      BiConsumer<Buffer, Hit<E>> item) {
    int size = 256; // the envelope and a cursor
    for (int i = 0; i < top.size() && i < limit; i++) size += template.apply(top.get(i).item().listing()).estimatedLength() + 1;
    Buffer out = Buffer.buffer(size).appendString("{\"items\":[");
    for (int i = 0; i < top.size() && i < limit; i++) {
      if (i > 0) out.appendByte((byte) ',');
      item.accept(out, top.get(i).item());
    }
    out.appendString("]");
    String next = nextCursor(top, limit, fingerprint);
    if (next != null) out.appendString(",\"nextCursor\":\"").appendString(next).appendString("\"");
    return out.appendString("}");
  }

  /** The cursor after the page's last item, or null when {@code top} holds no more than the page. */
  private static String nextCursor(List<? extends Ranked<?>> top, int limit, String fingerprint) {
    if (top.size() <= limit) return null;
    Ranked<?> last = top.get(limit - 1);
    Object value = last.sortValue() instanceof ArcDistance d ? (Object) d.meters() : last.sortValue();
    return new PageCursor(value, last.id()).encode(fingerprint);
  }

  private static <E> Comparator<Ranked<E>> order(boolean descending) {
    return (a, b) -> {
      int byValue = compareValues(a.sortValue, b.sortValue);
      if (byValue != 0) return descending ? -byValue : byValue;
      return compareIds(a.id, b.id);
    };
  }

  static int compareIds(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  @SuppressWarnings("unchecked")
  static int compareValues(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) return compareCodePoints(x, y);
    // A cursor holds a distance in metres; candidates hold ArcDistances.
    if (a instanceof ArcDistance x && b instanceof Double y) return x.compareToMeters(y);
    if (a instanceof Double x && b instanceof ArcDistance y) return -y.compareToMeters(x);
    return ((Comparable<Object>) a).compareTo(b);
  }

  /** Code-point order, which is UTF-8 byte order (UTF-16 units order differently above the surrogates). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) return Integer.compare(x, y);
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
