package org.healthportal.tourism;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Set;
import org.healthportal.platform.search.Locations;
import org.healthportal.platform.search.TextQuery;
import org.healthportal.platform.search.index.Hit;
import org.healthportal.platform.search.index.IndexSnapshot;
import org.healthportal.platform.search.index.IndexSource;
import org.healthportal.platform.search.index.Ranked;
import org.healthportal.regions.published.RegionAncestry;

/** The site search on the in-memory index: the same filters, order and pages as {@link SiteSearchSql}. */
final class SiteIndex implements IndexSource<IndexedSite> {

  private static final String FROM = " FROM tourism_site s" + RegionAncestry.joins("s.region_code");

  @Override
  public String name() {
    return "tourism-sites";
  }

  @Override
  public List<String> namespaces() {
    return List.of(SiteService.CACHE);
  }

  @Override
  public String selectAll() {
    return "SELECT " + IndexedSite.COLUMNS + FROM + " WHERE s.status = 'active'";
  }

  @Override
  public String selectChanged() {
    return "SELECT changed.id AS changed_id, " + IndexedSite.COLUMNS
        + " FROM (SELECT DISTINCT entity_id AS id FROM change_log WHERE entity_type = 'tourism-site' AND xid >= $1::text::xid8) changed"
        + " LEFT JOIN (tourism_site s" + RegionAncestry.joins("s.region_code") + ") ON s.id = changed.id";
  }

  @Override
  public IndexedSite map(Row row) {
    return IndexedSite.of(row);
  }

  /** One page of {@code search} as the JSON the database path would answer. */
  static Buffer page(IndexSnapshot<IndexedSite> index, SiteSearch search) {
    Query query = new Query(search);
    boolean firstByDistance = search.sort() == SiteSearch.Sort.DISTANCE && search.cursor() == null;
    List<Ranked<Hit<IndexedSite>>> candidates =
        index.candidates(search.near(), 0, query::matches, firstByDistance, search.limit(), query::ranked);
    List<Ranked<Hit<IndexedSite>>> top = Ranked.top(candidates, search.decodedCursor(), false, search.limit());
    return Ranked.page(top, search.limit(), search.fingerprint(), IndexedSite::summary, (out, hit) ->
        hit.listing().summary().appendTo(out, search.near() == null ? null : Locations.metersText(hit.distance().meters())));
  }

  /** A search's filters, prepared once for every candidate. */
  private static final class Query {
    final SiteSearch search;
    final Set<String> kinds;
    final TextQuery.InMemory text;

    Query(SiteSearch search) {
      this.search = search;
      this.kinds = Set.copyOf(search.kinds());
      this.text = search.q() == null ? null : search.q().inMemory();
    }

    /** The rules of {@link SiteSearchSql#build}, on one site. */
    boolean matches(IndexedSite site) {
      SiteSearch s = search;
      if (!kinds.isEmpty() && !kinds.contains(site.kind())) return false;
      if (s.region() != null && !site.regions().within(s.region())) return false;
      if (s.month() != null && !site.bestMonths().contains(s.month())) return false;
      if (!site.accessibility().containsAll(s.accessibility())) return false;
      if (!site.services().containsAll(s.services())) return false;
      if (s.designation() != null && !site.designations().contains(s.designation())) return false;
      if (s.maxPriceLevel() != null && site.priceLevel() > s.maxPriceLevel()) return false;
      return text == null || text.test(site.chinese(), site.englishLowerCase());
    }

    Ranked<Hit<IndexedSite>> ranked(Hit<IndexedSite> hit) {
      IndexedSite site = hit.listing();
      Object value = switch (search.sort()) {
        case DISTANCE -> hit.distance();
        case PRICE_LEVEL -> site.priceLevel();
        case NAME -> site.nameZh();
      };
      return new Ranked<>(hit, value, site.id());
    }
  }
}
