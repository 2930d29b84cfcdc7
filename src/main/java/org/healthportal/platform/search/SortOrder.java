package org.healthportal.platform.search;

import java.util.Locale;

/** A sort order of a search; each feature's enum of them implements it. */
public interface SortOrder {

  /** The type of the order's keyset value, as cursors carry it. */
  PageCursor.ValueType valueType();

  /** The constant a contract's {@code sort} value names: "distance" is DISTANCE, "freeBeds" FREE_BEDS. */
  static <E extends Enum<E>> E fromParameter(Class<E> type, String parameter) {
    return Enum.valueOf(type, parameter.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
  }
}
