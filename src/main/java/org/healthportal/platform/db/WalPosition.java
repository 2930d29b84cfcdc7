package org.healthportal.platform.db;

import java.util.Collection;

/**
 * PostgreSQL WAL positions ({@code pg_lsn}, written {@code 16/B374D848}) and how they ride on cache
 * namespace generations: a generation renewed after a write is {@code <token>@<position>}, so every
 * reader of the generation learns how far a replica must have replayed to show that write.
 */
public final class WalPosition {

  private static final char SEPARATOR = '@';

  private WalPosition() {}

  /** {@code token} labelled with {@code position}; the token alone when there is no position. */
  public static String label(String token, String position) {
    return position == null ? token : token + SEPARATOR + position;
  }

  /**
   * The replay position a replica needs to serve a read made under {@code generations}: the highest
   * they carry. A generation without one (made when Redis had none, before any write since) cannot
   * say, so only the primary may serve ({@link Long#MAX_VALUE}).
   */
  public static long required(Collection<String> generations) {
    long required = 0;
    for (String generation : generations) {
      int at = generation == null ? -1 : generation.lastIndexOf(SEPARATOR);
      if (at < 0) return Long.MAX_VALUE;
      long position;
      try {
        position = parse(generation.substring(at + 1));
      } catch (IllegalArgumentException e) {
        return Long.MAX_VALUE;
      }
      required = Math.max(required, position);
    }
    return required;
  }

  /** A {@code pg_lsn} as a number that orders as the positions do. */
  public static long parse(String lsn) {
    int slash = lsn.indexOf('/');
    if (slash <= 0) throw new IllegalArgumentException("not a WAL position: " + lsn);
    try {
      return Long.parseLong(lsn.substring(0, slash), 16) << 32 | Long.parseLong(lsn.substring(slash + 1), 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a WAL position: " + lsn, e);
    }
  }
}
