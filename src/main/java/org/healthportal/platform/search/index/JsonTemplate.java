package org.healthportal.platform.search.index;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A listing's JSON, encoded once when it is indexed, with slots for the few members a query decides
 * (its distance, the beds of the searched care level). A page is then written by copying bytes,
 * not by serialising objects for every request.
 *
 * <p>Made from the listing's real serialisation, with each slot member set to {@link #sentinel(int)}:
 * the member order, escaping and number formats are the serialiser's own, so a page from the index
 * is the same bytes as one from the database.
 */
public final class JsonTemplate {

  /** Literal bytes before each slot, and after the last one. */
  private final byte[][] literals;
  private final byte[][] memberStarts;
  /** Which comma each slot member takes with it: the one before it, else the one after it (if any). */
  private final boolean[] commaBefore;
  private final boolean[] commaAfter;

  private JsonTemplate(byte[][] literals, byte[][] memberStarts, boolean[] commaBefore, boolean[] commaAfter) {
    this.literals = literals;
    this.memberStarts = memberStarts;
    this.commaBefore = commaBefore;
    this.commaAfter = commaAfter;
  }

  /** The placeholder number for slot {@code i}: set it as the member's value before serialising. */
  public static int sentinel(int i) {
    return -1_999_999_900 - i;
  }

  /**
   * @param json the serialised listing, slot members holding their sentinels
   * @param slots the slots' member names, in sentinel order
   */
  public static JsonTemplate of(String json, String... slots) {
    record Found(int start, int end, int slot, boolean commaBefore, boolean commaAfter) {}
    List<Found> found = new ArrayList<>();
    for (int i = 0; i < slots.length; i++) {
      String member = "\"" + slots[i] + "\":" + sentinel(i);
      int at = json.indexOf(member);
      if (at < 0 || json.indexOf(member, at + 1) >= 0) throw new IllegalArgumentException("slot " + slots[i] + " not found once in " + json);
      int end = at + member.length();
      boolean before = json.charAt(at - 1) == ',';
      boolean after = !before && json.charAt(end) == ',';
      // The member leaves with one of its commas, so the object stays valid when the slot is empty.
      found.add(new Found(before ? at - 1 : at, after ? end + 1 : end, i, before, after));
    }
    found.sort((a, b) -> Integer.compare(a.start, b.start));
    byte[][] literals = new byte[slots.length + 1][];
    byte[][] starts = new byte[slots.length][];
    boolean[] commaBefore = new boolean[slots.length];
    boolean[] commaAfter = new boolean[slots.length];
    int from = 0;
    for (int k = 0; k < found.size(); k++) {
      Found f = found.get(k);
      if (f.slot != k) throw new IllegalArgumentException("slots must be named in the order they appear: " + String.join(", ", slots));
      literals[k] = bytes(json.substring(from, f.start));
      starts[k] = bytes("\"" + slots[k] + "\":");
      commaBefore[k] = f.commaBefore;
      commaAfter[k] = f.commaAfter;
      from = f.end;
    }
    literals[slots.length] = bytes(json.substring(from));
    return new JsonTemplate(literals, starts, commaBefore, commaAfter);
  }

  /** Appends the JSON with each slot's value (JSON text), leaving out a slot whose value is null. */
  public void appendTo(Buffer out, String... values) {
    for (int k = 0; k < memberStarts.length; k++) {
      out.appendBytes(literals[k]);
      if (values[k] == null) continue;
      if (commaBefore[k]) out.appendByte((byte) ',');
      out.appendBytes(memberStarts[k]).appendString(values[k]);
      if (commaAfter[k]) out.appendByte((byte) ',');
    }
    out.appendBytes(literals[memberStarts.length]);
  }

  /** The bytes held, for memory accounting. */
  public int size() {
    int n = 0;
    for (byte[] b : literals) n += b.length;
    for (byte[] b : memberStarts) n += b.length;
    return n;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
