package org.healthportal.platform.search;

/**
 * Keyset pagination over ({@code sortExpression}, {@code idExpression}): the id breaks ties and is
 * always ascending, so the order is total and a page starts strictly after the cursor's item.
 */
public record Keyset(String sortExpression, boolean descending, String idExpression) {

  /** Adds "after the cursor" to the query. */
  public void addAfter(SqlBuilder sql, PageCursor cursor, PageCursor.ValueType type) {
    if (cursor == null) return;
    String value = sql.param(cursor.sortValue()) + "::" + type.sqlType;
    String id = sql.param(cursor.id());
    sql.where("(" + sortExpression + (descending ? " < " : " > ") + value
        + " OR (" + sortExpression + " = " + value + " AND " + idExpression + " > " + id + "))");
  }

  public String orderBy() {
    return " ORDER BY " + sortExpression + (descending ? " DESC" : " ASC") + ", " + idExpression + " ASC";
  }
}
