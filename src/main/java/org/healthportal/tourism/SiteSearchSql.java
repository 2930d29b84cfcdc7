package org.healthportal.tourism;

import java.util.List;
import org.healthportal.platform.search.Keyset;
import org.healthportal.platform.search.PageCursor;
import org.healthportal.platform.search.SqlBuilder;
import org.healthportal.regions.published.RegionCodes;

/** Builds the site search query, on the same near-me and keyset pieces as the facility search. */
final class SiteSearchSql {

  final String sql;
  final SqlBuilder params;

  private SiteSearchSql(String sql, SqlBuilder params) {
    this.sql = sql;
    this.params = params;
  }

  static SiteSearchSql build(SiteSearch s, PageCursor after) {
    SqlBuilder b = new SqlBuilder();
    String distance = s.near() == null ? "NULL::float8" : s.near().distanceSql(b, "s.lat", "s.lng");
    b.where("s.status = 'active'");
    if (s.near() != null) s.near().addFilter(b, "s.lat", "s.lng", distance);
    if (!s.kinds().isEmpty()) b.where("s.kind = ANY(" + b.param(s.kinds().toArray(String[]::new)) + ")");
    if (s.region() != null) b.where(RegionCodes.within("s.region_code", b.param(s.region())));
    if (s.month() != null) b.where("s.best_months @> ARRAY[" + b.param(s.month()) + "::smallint]");
    if (!s.accessibility().isEmpty()) b.where("s.accessibility @> " + b.param(s.accessibility().toArray(String[]::new)) + "::text[]");
    if (!s.services().isEmpty()) b.where("s.services @> " + b.param(s.services().toArray(String[]::new)) + "::text[]");
    if (s.designation() != null) {
      b.where("EXISTS (SELECT 1 FROM jsonb_array_elements(s.designations) d WHERE d->>'type' = " + b.param(s.designation()) + ")");
    }
    if (s.maxPriceLevel() != null) b.where("s.price_level <= " + b.param(s.maxPriceLevel()));
    if (s.q() != null) s.q().addFilter(b, List.of("s.name_zh", "s.description_zh"), List.of("s.name_en", "s.description_en"));

    Keyset keyset = new Keyset(switch (s.sort()) {
      case DISTANCE -> distance;
      case PRICE_LEVEL -> "s.price_level::int";
      case NAME -> "(s.name_zh COLLATE \"C\")";
    }, false, "s.id");
    String sql = keyset.pageQuery(b, after, s.sortValueType(), SiteRows.SUMMARY_COLUMNS + ", " + distance + " AS distance",
        "tourism_site s", s.limit());
    return new SiteSearchSql(sql, b);
  }
}
