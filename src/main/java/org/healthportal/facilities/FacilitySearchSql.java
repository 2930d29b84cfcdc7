package org.healthportal.facilities;

import java.util.List;
import org.healthportal.platform.search.Keyset;
import org.healthportal.platform.search.PageCursor;
import org.healthportal.platform.search.SqlBuilder;
import org.healthportal.regions.published.RegionCodes;

/**
 * Builds the search query. With a care level, beds and prices come from that level's row
 * ({@code facility_care}); otherwise from the facility's denormalised totals.
 */
final class FacilitySearchSql {

  /** Canonical order of care levels in responses. */
  static final String CARE_LEVEL_ORDER = "ARRAY['self_care','partial_disability','full_disability','dementia']";
  /** Where facilities without a price sort by price (last). */
  static final int NO_PRICE = Integer.MAX_VALUE;

  final String sql;
  final SqlBuilder params;

  private FacilitySearchSql(String sql, SqlBuilder params) {
    this.sql = sql;
    this.params = params;
  }

  static FacilitySearchSql build(FacilitySearch s, PageCursor after) {
    SqlBuilder b = new SqlBuilder();
    String join = "";
    String freeBeds = "f.free_beds";
    String price = "f.min_monthly_price";
    if (s.careLevel() != null) {
      join = " JOIN facility_care c ON c.facility_id = f.id AND c.care_level = " + b.param(s.careLevel());
      freeBeds = "c.beds_free";
      price = "c.price_min";
    }
    String distance = s.near() == null ? "NULL::float8" : s.near().distanceSql(b, "f.lat", "f.lng");

    b.where("f.status = 'active'");
    if (s.careLevel() != null) {
      // Lets the planner use the small location index over care facilities (see migration V7).
      b.where("f.care_levels <> '{}'");
      b.where("f.care_levels @> ARRAY[" + b.param(s.careLevel()) + "]::text[]");
    }
    if (s.near() != null) s.near().addFilter(b, "f.lat", "f.lng", distance);
    if (s.region() != null) {
      b.where(RegionCodes.within("f.region_code", b.param(s.region())));
    }
    if (!s.kinds().isEmpty()) b.where("f.kind = ANY(" + b.param(s.kinds().toArray(String[]::new)) + ")");
    if (s.hasVacancy() != null) b.where(freeBeds + (s.hasVacancy() ? " > 0" : " = 0"));
    if (s.maxMonthlyPrice() != null) b.where(price + " <= " + b.param(s.maxMonthlyPrice()));
    if (s.medicalInsurance() != null) b.where("f.medical_insurance = " + b.param(s.medicalInsurance()));
    if (s.ltcInsurance() != null) b.where("f.ltc_insurance = " + b.param(s.ltcInsurance()));
    if (s.minRating() != null) b.where("f.rating >= " + b.param(s.minRating()));
    if (s.q() != null) s.q().addFilter(b, List.of("f.name_zh"), List.of("f.name_en"));

    Keyset keyset = keyset(s.sort(), distance, freeBeds, price);
    String sql = keyset.pageQuery(b, after, s.sortValueType(),
        "f.id, f.kind, f.name_zh, f.name_en, f.region_code, f.address_zh, f.lat, f.lng, f.rating, f.care_levels,"
            + " f.medical_insurance, f.ltc_insurance, " + freeBeds + " AS free_beds, " + price + " AS price, " + distance + " AS distance",
        "facility f" + join, s.limit());
    return new FacilitySearchSql(sql, b);
  }

  private static Keyset keyset(FacilitySearch.Sort sort, String distance, String freeBeds, String price) {
    String expression = switch (sort) {
      case DISTANCE -> distance;
      case PRICE -> "COALESCE(" + price + ", " + NO_PRICE + ")";
      case RATING -> "COALESCE(f.rating, 0)::int";
      case FREE_BEDS -> freeBeds;
      case NAME -> "(f.name_zh COLLATE \"C\")";
    };
    return new Keyset(expression, sort.descending, "f.id");
  }
}
