package org.healthportal.tourism;

import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.healthportal.api.model.TourismSiteSummary;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.search.TextQuery;
import org.healthportal.platform.search.index.IndexedListing;
import org.healthportal.platform.search.index.JsonTemplate;
import org.healthportal.regions.published.RegionAncestry;

/** An active tourism site as the search index holds it, with its summary JSON (a slot for the distance). */
record IndexedSite(
    UUID id,
    double lat,
    double lng,
    String kind,
    RegionAncestry regions,
    Set<Integer> bestMonths,
    Set<String> accessibility,
    Set<String> services,
    Set<String> designations,
    int priceLevel,
    String[] chinese,
    String[] englishLowerCase,
    String nameZh,
    JsonTemplate summary) implements IndexedListing {

  /** Columns {@link #of} reads, for {@code FROM tourism_site s} with {@link RegionAncestry#joins}. */
  static final String COLUMNS = SiteRows.SUMMARY_COLUMNS + ", s.description_zh, s.description_en, s.status,"
      + " " + RegionAncestry.COLUMNS;

  /** The indexed site of a row, or null when it is closed. */
  static IndexedSite of(Row r) {
    if (!"active".equals(r.getString("status"))) return null;
    TourismSiteSummary summary = SiteRows.summaryFields(r);
    Set<String> designations = summary.getDesignations().stream().map(d -> d.getType().toString()).collect(Collectors.toSet());
    String template = Json.encode(summary.distanceMeters(BigDecimal.valueOf(JsonTemplate.sentinel(0))));
    return new IndexedSite(r.getUUID("id"), r.getDouble("lat"), r.getDouble("lng"),
        r.getString("kind").intern(),
        RegionAncestry.of(r, "region_code"),
        Set.copyOf(summary.getBestMonths()), Set.of(r.getArrayOfStrings("accessibility")), Set.of(r.getArrayOfStrings("services")),
        designations, summary.getPriceLevel(),
        new String[] {r.getString("name_zh"), r.getString("description_zh")},
        new String[] {TextQuery.lowerCase(r.getString("name_en")), TextQuery.lowerCase(r.getString("description_en"))},
        r.getString("name_zh"), JsonTemplate.of(template, "distanceMeters"));
  }
}
