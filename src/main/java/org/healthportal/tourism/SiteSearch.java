package org.healthportal.tourism;

import java.util.List;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.search.KeysetSearch;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.platform.search.PageCursor;
import org.healthportal.platform.search.Pages;
import org.healthportal.platform.search.SortOrder;
import org.healthportal.platform.search.TextQuery;

/** The parameters of a site search, checked and in canonical form (for cache keys and cursors). */
record SiteSearch(
    List<String> kinds,
    String region,
    Integer month,
    List<String> accessibility,
    List<String> services,
    String designation,
    Integer maxPriceLevel,
    TextQuery q,
    NearQuery near,
    Sort sort,
    int limit,
    String cursor) implements KeysetSearch {

  enum Sort implements SortOrder {
    DISTANCE(PageCursor.ValueType.FLOAT), PRICE_LEVEL(PageCursor.ValueType.INT), NAME(PageCursor.ValueType.TEXT);

    final PageCursor.ValueType valueType;

    Sort(PageCursor.ValueType valueType) {
      this.valueType = valueType;
    }

    @Override
    public PageCursor.ValueType valueType() {
      return valueType;
    }
  }

  static SiteSearch from(Requests.Query query) {
    NearQuery near = NearQuery.parse(query.string("near"), query.number("radiusKm"));
    String sortParam = query.string("sort");
    Sort sort = NearQuery.chooseSort(sortParam == null ? null : SortOrder.fromParameter(Sort.class, sortParam), near, Sort.DISTANCE, Sort.NAME);
    return new SiteSearch(query.distinctSorted("kind"), query.string("region"), query.integer("month"),
        query.distinctSorted("accessibility"), query.distinctSorted("service"), query.string("designation"), query.integer("maxPriceLevel"), TextQuery.parse(query.string("q")),
        near, sort, Pages.limit(query), query.string("cursor"));
  }

  /** Everything that selects and orders results, but not the page position or size. */
  String canonicalFilters() {
    return String.join("|", "k=" + String.join(",", kinds), "r=" + region, "m=" + month, "a=" + String.join(",", accessibility),
        "sv=" + String.join(",", services), "d=" + designation, "p=" + maxPriceLevel, "q=" + KeysetSearch.canonical(q),
        "n=" + KeysetSearch.canonical(near), "s=" + sort);
  }

  @Override
  public String fingerprint() {
    return PageCursor.fingerprint("sites|" + canonicalFilters());
  }

}
