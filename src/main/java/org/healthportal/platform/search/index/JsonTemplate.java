package org.healthportal.platform.search.index;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A listing's JSON, encoded once when it is indexed, with slots for the few members a query decides
 * (its distance, the beds of the searched care level). A page is then written by copying bytes,
 * not by serialising objects for every request.
 *
 * <p>Made from the listing's real serialisation, with each slot member set to {@link #sentinel(int)}:
 * the member order, escaping and number formats are the serialiser's own, so a page from the index
 * is the same bytes as one from the database.
 *
 * <p>Compact, since the index holds one per listing: the literal bytes in one array with the slots'
 * offsets, and what every listing of a kind shares (member names, which comma a slot takes) kept once.
 */
public final class JsonTemplate {

  /** The slots' layout, shared by every template with the same member names and comma placement. */
  private record Layout(byte[][] memberStarts, boolean[] commaBefore, boolean[] commaAfter) {

    @Override
    public boolean equals(Object o) {
      return o instanceof Layout l && Arrays.deepEquals(memberStarts, l.memberStarts) && Arrays.equals(commaBefore, l.commaBefore)
          && Arrays.equals(commaAfter, l.commaAfter);
    }

    @Override
    public int hashCode() {
      return Arrays.deepHashCode(memberStarts) * 31 + Arrays.hashCode(commaBefore) * 7 + Arrays.hashCode(commaAfter);
    }
  }

  private static final ConcurrentMap<Layout, Layout> LAYOUTS = new ConcurrentHashMap<>();

  private final byte[] literals;
  /** Where slot {@code k} sits in {@link #literals}. */
  private final int[] slotAt;
  private final Layout layout;

  private JsonTemplate(byte[] literals, int[] slotAt, Layout layout) {
    this.literals = literals;
    this.slotAt = slotAt;
    this.layout = layout;
  }

  /**
   * About how many bytes {@link #appendTo} writes: the literal text, and a few dozen for each slot.
   * A page's buffer is sized from it, so a search allocates what it sends, not a fixed guess.
   */
  public int estimatedLength() {
    return literals.length + 32 * slotAt.length;
  }

  /** The placeholder number for slot {@code i}: set it as the member's value before serialising. */
  public static int sentinel(int i) {
    return -1_999_999_900 - i;
  }

  /**
   * @param json the serialised listing, slot members holding their sentinels
   * @param slots the slots' member names, in sentinel order, which must be the order they appear in
   */
  public static JsonTemplate of(String json, String... slots) {
    StringBuilder literal = new StringBuilder(json.length());
    int[] slotAt = new int[slots.length];
    byte[][] starts = new byte[slots.length][];
    boolean[] commaBefore = new boolean[slots.length];
    boolean[] commaAfter = new boolean[slots.length];
    int from = 0;
    for (int k = 0; k < slots.length; k++) {
      String member = "\"" + slots[k] + "\":" + sentinel(k);
      int at = json.indexOf(member, from);
      if (at < 0 || json.indexOf(member, at + 1) >= 0) {
        throw new IllegalArgumentException("slot " + slots[k] + " not found once, in order, in " + json);
      }
      int end = at + member.length();
      // The member leaves with one of its commas, so the object stays valid when the slot is empty.
      commaBefore[k] = json.charAt(at - 1) == ',';
      commaAfter[k] = !commaBefore[k] && json.charAt(end) == ',';
      literal.append(json, from, commaBefore[k] ? at - 1 : at);
      slotAt[k] = utf8Length(literal);
      starts[k] = bytes("\"" + slots[k] + "\":");
      from = commaAfter[k] ? end + 1 : end;
    }
    literal.append(json, from, json.length());
    Layout layout = LAYOUTS.computeIfAbsent(new Layout(starts, commaBefore, commaAfter), l -> l);
    return new JsonTemplate(bytes(literal.toString()), slotAt, layout);
  }

  /** Appends the JSON with each slot's value (JSON text), leaving out a slot whose value is null. */
  public void appendTo(Buffer out, String... values) {
    int from = 0;
    for (int k = 0; k < slotAt.length; k++) {
      out.appendBytes(literals, from, slotAt[k] - from);
      from = slotAt[k];
      if (values[k] == null) continue;
      if (layout.commaBefore[k]) out.appendByte((byte) ',');
      out.appendBytes(layout.memberStarts[k]).appendString(values[k]);
      if (layout.commaAfter[k]) out.appendByte((byte) ',');
    }
    out.appendBytes(literals, from, literals.length - from);
  }

  private static int utf8Length(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
