package org.healthportal.facilities;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.healthportal.api.model.BedReportBedsInner;
import org.healthportal.api.model.Beds;
import org.healthportal.api.model.CareLevel;
import org.healthportal.api.model.Facility;
import org.healthportal.api.model.FacilityPage;
import org.healthportal.api.model.Price;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.search.Pages;
import org.healthportal.platform.versioning.ChangeHistoryTable;
import org.healthportal.platform.versioning.VersionedWrites;

/** All SQL of the facilities directory. */
final class FacilityRepository {

  private static final ChangeHistoryTable HISTORY = new ChangeHistoryTable("facility", "facility_history", "facility_id");

  private final Pool pool;

  FacilityRepository(Pool pool) {
    this.pool = pool;
  }

  Future<FacilityPage> search(FacilitySearch search) {
    FacilitySearchSql query = FacilitySearchSql.build(search, search.decodedCursor());
    return Pages.fetch(pool, query.sql, query.params, search, FacilityRows::summary)
        .map(page -> new FacilityPage().items(page.items()).nextCursor(page.nextCursor()));
  }

  Future<Optional<Facility>> find(SqlClient client, UUID id) {
    return client.preparedQuery(FacilityRows.FACILITY_SELECT + " WHERE f.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(FacilityRows.facility(rows.iterator().next())));
  }

  Future<Optional<Facility>> find(UUID id) {
    return find(pool, id);
  }

  /** Versioned writes of facilities, with their history in {@code facility_history}. */
  VersionedWrites<Facility> versionedWrites(Function<Facility, Future<Facility>> afterCommit) {
    return new VersionedWrites<>(pool, HISTORY, this::find, Facility::getVersion, Text.of("noun.facility"), afterCommit);
  }


  Future<Void> insert(SqlConnection conn, Facility f) {
    return conn.preparedQuery("INSERT INTO facility (" + FacilityColumns.CREATED + ", version)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, 1)")
        .execute(Tuple.from(new Object[] {f.getId(), f.getKind().toString(), f.getNameZh(), f.getNameEn(), f.getAddressZh(),
            f.getAddressEn(), f.getRegionCode(), f.getLocation().getLat().doubleValue(), f.getLocation().getLng().doubleValue(),
            f.getPhone(), f.getOpeningHours(), f.getOwnership().toString(), f.getRating(), f.getServices().toArray(String[]::new),
            bool(f.getMedical().getOnSiteClinic()), bool(f.getMedical().getDoctorVisits()), bool(f.getMedical().getEmergency()),
            f.getMedical().getPartnerHospital(), bool(f.getMedical().getGreenChannel()),
            bool(f.getInsurance().getMedicalInsurance()), bool(f.getInsurance().getLtcInsurance())}))
        .compose(r -> writeCareLevels(conn, f))
        .compose(v -> refreshTotals(conn, f.getId(), false));
  }

  /** Writes every editable column and the care levels with their prices, and bumps the version. */
  Future<Void> updateListing(SqlConnection conn, Facility f) {
    return conn.preparedQuery("UPDATE facility SET name_zh = $2, name_en = $3, address_zh = $4, address_en = $5, lat = $6, lng = $7,"
            + " phone = $8, opening_hours = $9, ownership = $10, services = $11, on_site_clinic = $12, doctor_visits = $13,"
            + " emergency = $14, partner_hospital = $15, green_channel = $16, medical_insurance = $17, ltc_insurance = $18"
            + " WHERE id = $1")
        .execute(Tuple.from(new Object[] {f.getId(), f.getNameZh(), f.getNameEn(), f.getAddressZh(), f.getAddressEn(),
            f.getLocation().getLat().doubleValue(), f.getLocation().getLng().doubleValue(), f.getPhone(), f.getOpeningHours(),
            f.getOwnership().toString(), f.getServices().toArray(String[]::new), bool(f.getMedical().getOnSiteClinic()),
            bool(f.getMedical().getDoctorVisits()), bool(f.getMedical().getEmergency()), f.getMedical().getPartnerHospital(),
            bool(f.getMedical().getGreenChannel()), bool(f.getInsurance().getMedicalInsurance()), bool(f.getInsurance().getLtcInsurance())}))
        .compose(r -> conn.preparedQuery("DELETE FROM facility_care WHERE facility_id = $1 AND NOT (care_level = ANY($2))")
            .execute(Tuple.of(f.getId()).addArrayOfString(f.getCareLevels().stream().map(CareLevel::toString).toArray(String[]::new))))
        .compose(r -> writeCareLevels(conn, f))
        .compose(v -> refreshTotals(conn, f.getId(), true));
  }

  /** Ensures a row per accepted care level (keeping its beds) and sets its prices. */
  private Future<Void> writeCareLevels(SqlConnection conn, Facility f) {
    if (f.getCareLevels().isEmpty()) return Future.succeededFuture();
    List<Tuple> batch = new ArrayList<>();
    for (CareLevel level : f.getCareLevels()) {
      Price price = f.getPrices().stream().filter(p -> p.getCareLevel() == level).findFirst().orElse(new Price());
      batch.add(Tuple.of(f.getId(), level.toString(), price.getMinMonthly(), price.getMaxMonthly()));
    }
    return conn.preparedQuery("INSERT INTO facility_care (facility_id, care_level, price_min, price_max) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT (facility_id, care_level) DO UPDATE SET price_min = EXCLUDED.price_min, price_max = EXCLUDED.price_max")
        .executeBatch(batch).mapEmpty();
  }

  Future<Void> updateBeds(SqlConnection conn, UUID id, List<BedReportBedsInner> report, List<Beds> current) {
    List<Tuple> batch = new ArrayList<>();
    for (BedReportBedsInner b : report) {
      int nursing = b.getNursing() != null ? b.getNursing()
          : current.stream().filter(c -> c.getCareLevel() == b.getCareLevel()).findFirst().map(Beds::getNursing).orElse(0);
      batch.add(Tuple.of(id, b.getCareLevel().toString(), b.getTotal(), b.getFree(), nursing));
    }
    return conn.preparedQuery("UPDATE facility_care SET beds_total = $3, beds_free = $4, beds_nursing = $5, beds_reported_at = now()"
            + " WHERE facility_id = $1 AND care_level = $2")
        .executeBatch(batch)
        .compose(r -> refreshTotals(conn, id, true));
  }

  Future<Void> close(SqlConnection conn, UUID id) {
    return conn.preparedQuery("UPDATE facility SET status = 'closed', version = version + 1, updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** Recomputes the denormalised bed and price totals; optionally bumps the version. */
  private Future<Void> refreshTotals(SqlConnection conn, UUID id, boolean bumpVersion) {
    return conn.preparedQuery("UPDATE facility SET"
            + " free_beds = COALESCE((SELECT SUM(beds_free) FROM facility_care WHERE facility_id = $1), 0),"
            + " min_monthly_price = (SELECT MIN(price_min) FROM facility_care WHERE facility_id = $1)"
            + (bumpVersion ? ", version = version + 1, updated_at = now()" : "")
            + " WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  private static boolean bool(Boolean b) {
    return Boolean.TRUE.equals(b);
  }
}
