package org.healthportal.facilities;

import java.util.List;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.search.KeysetSearch;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.platform.search.PageCursor;
import org.healthportal.platform.search.Pages;
import org.healthportal.platform.search.SortOrder;
import org.healthportal.platform.search.TextQuery;

/** The parameters of a facility search, checked and in canonical form (for cache keys and cursors). */
record FacilitySearch(
    String region,
    List<String> kinds,
    String careLevel,
    Boolean hasVacancy,
    Integer maxMonthlyPrice,
    Boolean medicalInsurance,
    Boolean ltcInsurance,
    Integer minRating,
    TextQuery q,
    NearQuery near,
    Sort sort,
    int limit,
    String cursor) implements KeysetSearch {

  /** Sort orders; each knows its direction and the type of its keyset value. */
  enum Sort implements SortOrder {
    DISTANCE(false, PageCursor.ValueType.FLOAT),
    PRICE(false, PageCursor.ValueType.INT),
    RATING(true, PageCursor.ValueType.INT),
    FREE_BEDS(true, PageCursor.ValueType.INT),
    NAME(false, PageCursor.ValueType.TEXT);

    final boolean descending;
    final PageCursor.ValueType valueType;

    Sort(boolean descending, PageCursor.ValueType valueType) {
      this.descending = descending;
      this.valueType = valueType;
    }

    @Override
    public PageCursor.ValueType valueType() {
      return valueType;
    }
  }

  static FacilitySearch from(Requests.Query query) {
    NearQuery near = NearQuery.parse(query.string("near"), query.number("radiusKm"));
    String sortParam = query.string("sort");
    Sort sort = NearQuery.chooseSort(sortParam == null ? null : SortOrder.fromParameter(Sort.class, sortParam), near, Sort.DISTANCE, Sort.NAME);
    return new FacilitySearch(query.string("region"), query.distinctSorted("kind"), query.string("careLevel"),
        query.bool("hasVacancy"), query.integer("maxMonthlyPrice"), query.bool("medicalInsurance"), query.bool("ltcInsurance"),
        query.integer("minRating"), TextQuery.parse(query.string("q")), near, sort, Pages.limit(query), query.string("cursor"));
  }

  /** Everything that selects and orders results, but not the page position or size. */
  String canonicalFilters() {
    // One builder, not a string per member: this runs for every search.
    return new StringBuilder(96).append("r=").append(region).append("|k=").append(String.join(",", kinds))
        .append("|c=").append(careLevel).append("|v=").append(hasVacancy).append("|p=").append(maxMonthlyPrice)
        .append("|mi=").append(medicalInsurance).append("|li=").append(ltcInsurance).append("|mr=").append(minRating)
        .append("|q=").append(KeysetSearch.canonical(q)).append("|n=").append(KeysetSearch.canonical(near)).append("|s=").append(sort)
        .toString();
  }

  @Override
  public String fingerprint() {
    return PageCursor.fingerprint(canonicalFilters());
  }

}
