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

  /**
   * The page query of a search: {@code columns} and this keyset's value as {@code sort_value}, from
   * {@code from}, under the builder's conditions and after the cursor, in keyset order, fetching one
   * row past a page of {@code limit} (see {@link Pages#collect}).
   */
  public String pageQuery(SqlBuilder sql, PageCursor after, PageCursor.ValueType type, String columns, String from, int limit) {
    addAfter(sql, after, type);
    return "SELECT " + columns + ", " + sortExpression + " AS sort_value FROM " + from + sql.whereClause() + orderBy()
        + " LIMIT " + sql.param(limit + 1);
  }

  public String orderBy() {
    return " ORDER BY " + sortExpression + (descending ? " DESC" : " ASC") + ", " + idExpression + " ASC";
  }
}
