package org.healthportal.exports;

import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.healthportal.facilities.published.NearbyCare;
import org.healthportal.tourism.published.Sites;

/**
 * A public data set: its name in the path, its columns and the query that reads it.
 *
 * <p>The queries read the owning features' tables directly rather than going through their code:
 * an export is a flat projection of public columns, and keeping the whole published column list of
 * the open data in this one file makes it plain what leaves the portal. Rows come ordered by id,
 * so two downloads of unchanged data are byte for byte the same (apart from the file name).
 */
enum Dataset {

  FACILITIES("facilities", "facility", NearbyCare.CACHE_NAMESPACE, List.of(
      column("id"), column("kind"), column("name_zh"), column("name_en"), column("region_code"), column("address_zh"),
      column("lat"), column("lng"), column("phone"), column("opening_hours"), column("ownership"), column("rating"),
      column("care_levels"), column("free_beds"), column("min_monthly_price"), column("medical_insurance"),
      column("ltc_insurance"), column("emergency"), column("version"), column("updated_at"), column("demo"))),

  TOURISM_SITES("tourism-sites", "tourism_site", Sites.CACHE_NAMESPACE, List.of(
      column("id"), column("kind"), column("name_zh"), column("name_en"), column("region_code"), column("lat"), column("lng"),
      // Months sorted, as the API returns them.
      new Column("openMonths", "ARRAY(SELECT m FROM unnest(open_months) m ORDER BY m)"),
      new Column("bestMonths", "ARRAY(SELECT m FROM unnest(best_months) m ORDER BY m)"),
      column("accessibility"), column("services"), column("price_level"),
      // Only the designation types: a flat list fits a CSV cell, and the years are on the site's page.
      new Column("designations", "ARRAY(SELECT d ->> 'type' FROM jsonb_array_elements(designations) WITH ORDINALITY AS e(d, n) ORDER BY n)"),
      column("version"), column("updated_at"), column("demo")));

  /** One output column: its public name and the SQL expression that reads it. */
  record Column(String name, String sql) {}

  /** A table column as is, named as the API names it: {@code min_monthly_price} is {@code minMonthlyPrice}. */
  private static Column column(String sqlName) {
    StringBuilder name = new StringBuilder(sqlName.length());
    for (int i = 0; i < sqlName.length(); i++) {
      char ch = sqlName.charAt(i);
      if (ch == '_') name.append(Character.toUpperCase(sqlName.charAt(++i)));
      else name.append(ch);
    }
    return new Column(name.toString(), sqlName);
  }

  private final String pathName;
  private final String cacheNamespace;
  private final List<Column> columns;
  private final String sql;

  Dataset(String pathName, String table, String cacheNamespace, List<Column> columns) {
    this.pathName = pathName;
    this.cacheNamespace = cacheNamespace;
    this.columns = columns;
    this.sql = columns.stream().map(Column::sql).collect(Collectors.joining(", ", "SELECT ", " FROM " + table))
        + " WHERE status = 'active' ORDER BY id";
  }

  /** The data set named {@code pathName} (the contract's enum has already checked it). */
  static Dataset of(String pathName) {
    return Arrays.stream(values()).filter(d -> d.pathName.equals(pathName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown dataset " + pathName));
  }

  String pathName() {
    return pathName;
  }

  /** The owning feature's cache namespace: its generation says which writes an export must include. */
  String cacheNamespace() {
    return cacheNamespace;
  }

  List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  String sql() {
    return sql;
  }

  /**
   * A row's values in column order, as plain values both formats can write: strings, numbers,
   * booleans, lists of those, or null.
   */
  List<Object> values(Row row) {
    List<Object> values = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) values.add(plain(row.getValue(i)));
    return values;
  }

  private static Object plain(Object value) {
    if (value instanceof UUID id) return id.toString();
    if (value instanceof Short s) return s.intValue();
    // UTC and ISO 8601, as the API writes times.
    if (value instanceof OffsetDateTime t) return t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    if (value instanceof Object[] array) return Arrays.stream(array).map(Dataset::plain).toList();
    return value;
  }
}
