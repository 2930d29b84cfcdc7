package org.healthportal.tourism;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.healthportal.api.model.TourismSite;
import org.healthportal.api.model.TourismSitePage;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.search.Pages;
import org.healthportal.platform.versioning.ChangeHistoryTable;
import org.healthportal.platform.versioning.VersionedWrites;

/** All SQL of tourism sites except recommendations (see {@code recommend}). */
final class SiteRepository {

  private static final ChangeHistoryTable HISTORY = new ChangeHistoryTable("tourism_site", "tourism_site_history", "site_id");

  private final Pool pool;

  SiteRepository(Pool pool) {
    this.pool = pool;
  }

  Future<TourismSitePage> search(SiteSearch search) {
    SiteSearchSql query = SiteSearchSql.build(search, search.decodedCursor());
    return Pages.fetch(pool, query.sql, query.params, search, SiteRows::summary)
        .map(page -> new TourismSitePage().items(page.items()).nextCursor(page.nextCursor()));
  }

  Future<Optional<TourismSite>> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT s.*, NULL::float8 AS distance FROM tourism_site s WHERE s.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(SiteRows.site(rows.iterator().next())));
  }

  Future<Optional<TourismSite>> find(UUID id) {
    return find(pool, id);
  }

  VersionedWrites<TourismSite> versionedWrites(Function<TourismSite, Future<TourismSite>> afterCommit) {
    return new VersionedWrites<>(pool, HISTORY, this::find, TourismSite::getVersion, Text.of("noun.tourism-site"), afterCommit);
  }


  Future<Void> insert(SqlConnection conn, TourismSite s) {
    return conn.preparedQuery("INSERT INTO tourism_site (id, kind, region_code, name_zh, name_en, description_zh, description_en, lat, lng,"
            + " designations, open_months, best_months, accessibility, services, price_level, opening_hours, phone, website)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)")
        .execute(withEditableColumns(s, s.getId(), s.getKind().toString(), s.getRegionCode()))
        .mapEmpty();
  }

  /** Writes every editable column and bumps the version. */
  Future<Void> update(SqlConnection conn, TourismSite s) {
    return conn.preparedQuery("UPDATE tourism_site SET name_zh = $2, name_en = $3, description_zh = $4, description_en = $5,"
            + " lat = $6, lng = $7, designations = $8, open_months = $9, best_months = $10, accessibility = $11, services = $12,"
            + " price_level = $13, opening_hours = $14, phone = $15, website = $16, version = version + 1, updated_at = now()"
            + " WHERE id = $1")
        .execute(withEditableColumns(s, s.getId()))
        .mapEmpty();
  }

  Future<Void> close(SqlConnection conn, UUID id) {
    return conn.preparedQuery("UPDATE tourism_site SET status = 'closed', version = version + 1, updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** {@code leading} values, then those of the editable columns in the order both statements above list them. */
  private static Tuple withEditableColumns(TourismSite s, Object... leading) {
    Tuple tuple = Tuple.from(leading);
    for (Object value : new Object[] {s.getNameZh(), s.getNameEn(), s.getDescriptionZh() == null ? "" : s.getDescriptionZh(), s.getDescriptionEn(),
        s.getLocation().getLat().doubleValue(), s.getLocation().getLng().doubleValue(), SiteRows.designationsJson(s.getDesignations()),
        s.getOpenMonths().stream().sorted().map(Integer::shortValue).toArray(Short[]::new),
        s.getBestMonths().stream().sorted().map(Integer::shortValue).toArray(Short[]::new),
        s.getAccessibility().stream().map(Object::toString).sorted().toArray(String[]::new),
        s.getServices().stream().map(Object::toString).sorted().toArray(String[]::new),
        s.getPriceLevel().shortValue(), s.getOpeningHours(), s.getPhone(), s.getWebsite()}) {
      tuple.addValue(value);
    }
    return tuple;
  }
}
