package org.healthportal.facilities;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.UUID;
import org.healthportal.api.model.CareLevel;
import org.healthportal.api.model.FacilitySummary;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.search.TextQuery;
import org.healthportal.platform.search.index.IndexedListing;
import org.healthportal.platform.search.index.JsonTemplate;
import org.healthportal.regions.published.RegionAncestry;

/**
 * An active facility as the search index holds it: what searches filter and sort on, and its
 * summary JSON with slots for the beds and price of the searched care level and the distance.
 *
 * @param levelFree free beds per care level (by {@link CareLevel} ordinal); {@link #NONE} where the
 *     facility has no row for that level
 * @param levelPrice lowest monthly price per care level; {@link #NONE} where it has none
 * @param detail the facility's detail as {@link PreparedDetail} caches it, packed (added after the listing is made)
 */
record IndexedFacility(
    UUID id,
    double lat,
    double lng,
    String kind,
    RegionAncestry regions,
    int[] levelFree,
    int[] levelPrice,
    int freeBeds,
    Integer minMonthlyPrice,
    boolean medicalInsurance,
    boolean ltcInsurance,
    Integer rating,
    String nameZh,
    String nameEnLowerCase,
    JsonTemplate summary,
    PackedDetail detail) implements IndexedListing {

  static final int NONE = Integer.MIN_VALUE;
  private static final int LEVELS = CareLevel.values().length;
  /** Shared by the many facilities without care levels (clinics, hospitals): never written. */
  private static final int[] NO_LEVELS = noLevels();

  /** Columns {@link #of} reads, for {@code FROM facility f} with {@link RegionAncestry#joins}: the detail's and the regions'. */
  static final String COLUMNS = FacilityRows.FACILITY_COLUMNS + ", " + RegionAncestry.COLUMNS;

  /** The indexed facility of a row, or null when it is closed. */
  static IndexedFacility of(Row r) {
    if (!"active".equals(r.getString("status"))) return null;
    int[] free = new int[LEVELS];
    int[] price = new int[LEVELS];
    Arrays.fill(free, NONE);
    Arrays.fill(price, NONE);
    JsonArray care = (JsonArray) r.getJson("care");
    java.util.Set<String> accepted = java.util.Set.of(r.getArrayOfStrings("care_levels"));
    boolean anyLevel = false;
    for (int i = 0; care != null && i < care.size(); i++) {
      JsonObject c = care.getJsonObject(i);
      // A level counts for a care-level search only when the facility lists it and has its row (as the SQL joins).
      if (!accepted.contains(c.getString("level"))) continue;
      int level = CareLevel.fromValue(c.getString("level")).ordinal();
      anyLevel = true;
      free[level] = c.getInteger("free");
      price[level] = c.getInteger("min") == null ? NONE : c.getInteger("min");
    }
    FacilitySummary summary = FacilityRows.summaryFields(r)
        .freeBeds(JsonTemplate.sentinel(0))
        .minMonthlyPrice(JsonTemplate.sentinel(1))
        .distanceMeters(BigDecimal.valueOf(JsonTemplate.sentinel(2)));
    return new IndexedFacility(r.getUUID("id"), r.getDouble("lat"),
        r.getDouble("lng"), r.getString("kind").intern(),
        RegionAncestry.of(r, "region_code"), anyLevel ? free : NO_LEVELS, anyLevel ? price : NO_LEVELS,
        r.getInteger("free_beds"), r.getInteger("min_monthly_price"), r.getBoolean("medical_insurance"), r.getBoolean("ltc_insurance"),
        r.getInteger("rating"), r.getString("name_zh"), TextQuery.lowerCase(r.getString("name_en")),
        JsonTemplate.of(Json.encode(summary), "freeBeds", "minMonthlyPrice", "distanceMeters"), new PackedDetail());
  }

  private static int[] noLevels() {
    int[] none = new int[LEVELS];
    Arrays.fill(none, NONE);
    return none;
  }

  /** Bit {@code level}: accepts the care level; bit {@code 4 + level}: has free beds in it; bit 8: has free beds. */
  @Override
  public long tags() {
    long tags = freeBeds > 0 ? 1L << 8 : 0;
    for (int level = 0; level < LEVELS; level++) {
      if (accepts(level)) tags |= 1L << level;
      if (accepts(level) && levelFree[level] > 0) tags |= 1L << (4 + level);
    }
    return tags;
  }

  /** The tags every match of a search by care level ({@code level >= 0}) and vacancy has. */
  static long requiredTags(int level, boolean vacancy) {
    if (level < 0) return vacancy ? 1L << 8 : 0;
    return (1L << level) | (vacancy ? 1L << (4 + level) : 0);
  }

  boolean accepts(int level) {
    return levelFree[level] != NONE;
  }

  /** Free beds: of the care level when searching by one ({@code level >= 0}), else in all. */
  int free(int level) {
    return level < 0 ? freeBeds : levelFree[level];
  }

  /** Lowest monthly price, likewise; null when there is none. */
  Integer price(int level) {
    if (level < 0) return minMonthlyPrice;
    return levelPrice[level] == NONE ? null : levelPrice[level];
  }
}
