package org.healthportal.platform.search;

/** A sort order of a search; each feature's enum of them implements it. */
public interface SortOrder {

  /** The type of the order's keyset value, as cursors carry it. */
  PageCursor.ValueType valueType();

  /** The constant a contract's {@code sort} value names: "distance" is DISTANCE, "freeBeds" FREE_BEDS. */
  static <E extends Enum<E>> E fromParameter(Class<E> type, String parameter) {
    StringBuilder constant = new StringBuilder(parameter.length() + 4);
    for (int i = 0; i < parameter.length(); i++) {
      char c = parameter.charAt(i);
      if (i > 0 && Character.isUpperCase(c) && !Character.isUpperCase(parameter.charAt(i - 1))) constant.append('_');
      constant.append(Character.toUpperCase(c));
    }
    return Enum.valueOf(type, constant.toString());
  }
}
