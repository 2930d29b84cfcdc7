package org.healthportal.facilities;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.healthportal.api.model.Facility;
import org.healthportal.api.model.CareLevel;
import org.healthportal.facilities.published.NearbyCare;
import org.healthportal.platform.search.Locations;
import org.healthportal.platform.search.TextQuery;
import org.healthportal.platform.search.index.Hit;
import org.healthportal.platform.search.index.IndexSnapshot;
import org.healthportal.platform.search.index.IndexSource;
import org.healthportal.platform.search.index.PackedText;
import org.healthportal.platform.search.index.Ranked;
import org.healthportal.regions.published.RegionAncestry;

/**
 * The facility search on the in-memory index: the same filters, order and pages as
 * {@link FacilitySearchSql}, computed from an {@link IndexSnapshot} of active facilities.
 */
final class FacilityIndex implements IndexSource<IndexedFacility> {

  private static final String FROM = " FROM facility f" + RegionAncestry.joins("f.region_code");
  private static final PackedText DETAILS = new PackedText(DetailDictionary.SAMPLE);

  private final Function<Facility, String> prepareDetail;

  /** @param prepareDetail a facility's detail in the form {@link PreparedDetail} caches */
  FacilityIndex(Function<Facility, String> prepareDetail) {
    this.prepareDetail = prepareDetail;
  }

  @Override
  public String name() {
    return "facilities";
  }

  @Override
  public List<String> namespaces() {
    return List.of(NearbyCare.CACHE_NAMESPACE);
  }

  @Override
  public String selectAll() {
    return "SELECT " + IndexedFacility.COLUMNS + FROM + " WHERE f.status = 'active'";
  }

  @Override
  public String selectChanged() {
    return "SELECT changed.id AS changed_id, " + IndexedFacility.COLUMNS
        + " FROM (SELECT DISTINCT entity_id AS id FROM change_log WHERE entity_type = 'facility' AND xid >= $1::text::xid8) changed"
        + " LEFT JOIN (facility f" + RegionAncestry.joins("f.region_code") + ") ON f.id = changed.id";
  }

  @Override
  public IndexedFacility map(Row row) {
    return IndexedFacility.of(row);
  }

  /** Packs the facility's whole detail (about 0.1 ms: it is built, serialised and deflated). */
  @Override
  public void complete(Row row, IndexedFacility listing) {
    listing.detail().set(DETAILS.pack(prepareDetail.apply(FacilityRows.facility(row))));
  }

  /** The detail of an indexed facility, in the form {@link PreparedDetail} caches; null until it is packed. */
  static Buffer detail(IndexedFacility f) {
    byte[] packed = f.detail().get();
    return packed == null ? null : DETAILS.unpack(packed);
  }

  /** One page of {@code search} as the JSON the database path would answer. */
  static Buffer page(IndexSnapshot<IndexedFacility> index, FacilitySearch search) {
    Query query = new Query(search);
    boolean firstByDistance = search.sort() == FacilitySearch.Sort.DISTANCE && search.cursor() == null;
    List<Ranked<Hit<IndexedFacility>>> candidates =
        index.candidates(search.near(), query.requiredTags, query::matches, firstByDistance, search.limit(), query::ranked);
    List<Ranked<Hit<IndexedFacility>>> top = Ranked.top(candidates, search.decodedCursor(), search.sort().descending, search.limit());
    return Ranked.page(top, search.limit(), search.fingerprint(), IndexedFacility::summary, (out, hit) -> {
      IndexedFacility f = hit.listing();
      Integer price = f.price(query.level);
      f.summary().appendTo(out, Integer.toString(f.free(query.level)), price == null ? null : price.toString(),
          search.near() == null ? null : Locations.metersText(hit.distance().meters()));
    });
  }

  /** A search's filters, prepared once for every candidate. */
  private static final class Query {
    final FacilitySearch search;
    final int level;
    final Set<String> kinds;
    final TextQuery.InMemory text;
    final long requiredTags;

    Query(FacilitySearch search) {
      this.search = search;
      this.level = search.careLevel() == null ? -1 : CareLevel.fromValue(search.careLevel()).ordinal();
      this.requiredTags = IndexedFacility.requiredTags(level, Boolean.TRUE.equals(search.hasVacancy()));
      this.kinds = Set.copyOf(search.kinds());
      this.text = search.q() == null ? null : search.q().inMemory();
    }

    /** The rules of {@link FacilitySearchSql#build}, on one facility. */
    boolean matches(IndexedFacility f) {
      FacilitySearch s = search;
      if (level >= 0 && !f.accepts(level)) return false;
      if (!kinds.isEmpty() && !kinds.contains(f.kind())) return false;
      if (s.region() != null && !f.regions().within(s.region())) return false;
      if (s.hasVacancy() != null && (s.hasVacancy() ? f.free(level) <= 0 : f.free(level) != 0)) return false;
      Integer price = f.price(level);
      if (s.maxMonthlyPrice() != null && (price == null || price > s.maxMonthlyPrice())) return false;
      if (s.medicalInsurance() != null && f.medicalInsurance() != s.medicalInsurance()) return false;
      if (s.ltcInsurance() != null && f.ltcInsurance() != s.ltcInsurance()) return false;
      if (s.minRating() != null && (f.rating() == null || f.rating() < s.minRating())) return false;
      return text == null || text.test(new String[] {f.nameZh()}, new String[] {f.nameEnLowerCase()});
    }

    Ranked<Hit<IndexedFacility>> ranked(Hit<IndexedFacility> hit) {
      IndexedFacility f = hit.listing();
      Object value = switch (search.sort()) {
        case DISTANCE -> hit.distance();
        case PRICE -> f.price(level) == null ? FacilitySearchSql.NO_PRICE : f.price(level);
        case RATING -> f.rating() == null ? 0 : f.rating();
        case FREE_BEDS -> f.free(level);
        case NAME -> f.nameZh();
      };
      return new Ranked<>(hit, value, f.id());
    }
  }
}
