package org.healthportal.facilities.generator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;
import org.healthportal.facilities.FacilityColumns;
import org.healthportal.facilities.generator.FacilityGenerator.Care;
import org.healthportal.facilities.generator.FacilityGenerator.GeneratedFacility;

/**
 * Loads generated facilities into PostgreSQL over JDBC (the demo migration, benchmarks): the
 * {@code facility} row with the columns the repository creates a facility with
 * ({@link FacilityColumns}), its {@code facility_care} rows and a version-1 history row.
 */
public final class FacilityLoader {

  private FacilityLoader() {}

  private static final int BATCH_SIZE = 1000;
  /** The columns of a created facility as the repository writes them, and what only loaded rows set. */
  private static final String FACILITY_SQL = "INSERT INTO facility (" + FacilityColumns.CREATED
      + ", status, version, demo, free_beds, min_monthly_price)"
      + " VALUES (" + "?, ".repeat(FacilityColumns.CREATED_COUNT) + "'active', 1, ?, ?, ?)"
      + " ON CONFLICT (id) DO NOTHING";
  private static final String CARE_SQL = """
      INSERT INTO facility_care (facility_id, care_level, beds_total, beds_free, beds_nursing, beds_reported_at,
        price_min, price_max)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING""";
  private static final String HISTORY_SQL = """
      INSERT INTO facility_history (facility_id, version, action, changed_by, changed_by_name, fields)
      VALUES (?, 1, 'create', 'seed', ?, '{}')
      ON CONFLICT DO NOTHING""";

  /** See {@link #insert(Connection, Iterable, boolean, Instant)}. */
  public static void insert(Connection c, Stream<GeneratedFacility> facilities, boolean demo,
      Instant bedsReportedAt) throws SQLException {
    insert(c, facilities::iterator, demo, bedsReportedAt);
  }

  /**
   * Inserts facilities with their care rows and a version-1 'create' history row each, in JDBC batches
   * of {@value #BATCH_SIZE} facilities, so memory stays flat however many are streamed in. Facilities
   * that already exist are skipped, so running it twice is harmless. Transactions are the caller's.
   *
   * @param demo marks the rows as demo data (and names the loader in the history)
   * @param bedsReportedAt when the beds were reported (fixed for the demo set, so it is reproducible)
   */
  public static void insert(Connection c, Iterable<GeneratedFacility> facilities, boolean demo,
      Instant bedsReportedAt) throws SQLException {
    OffsetDateTime reportedAt = bedsReportedAt.atOffset(ZoneOffset.UTC);
    String loader = demo ? "Demo data loader" : "Benchmark generator";
    try (PreparedStatement facility = c.prepareStatement(FACILITY_SQL);
         PreparedStatement care = c.prepareStatement(CARE_SQL);
         PreparedStatement history = c.prepareStatement(HISTORY_SQL)) {
      int pending = 0;
      for (GeneratedFacility f : facilities) {
        addFacility(c, facility, f, demo);
        for (Care k : f.care()) {
          addCare(care, f.id(), k, reportedAt);
        }
        history.setObject(1, f.id());
        history.setString(2, loader);
        history.addBatch();
        if (++pending == BATCH_SIZE) {
          flush(facility, care, history);
          pending = 0;
        }
      }
      if (pending > 0) {
        flush(facility, care, history);
      }
    }
  }

  private static void addFacility(Connection c, PreparedStatement s, GeneratedFacility f, boolean demo)
      throws SQLException {
    int i = 0;
    s.setObject(++i, f.id());
    s.setString(++i, f.kind());
    s.setString(++i, f.nameZh());
    s.setString(++i, f.nameEn());
    s.setString(++i, f.addressZh());
    s.setString(++i, f.addressEn());
    s.setString(++i, f.regionCode());
    s.setDouble(++i, f.lat());
    s.setDouble(++i, f.lng());
    s.setString(++i, f.phone());
    s.setString(++i, f.openingHours());
    s.setString(++i, f.ownership());
    setNullableInt(s, ++i, f.rating(), Types.SMALLINT);
    s.setArray(++i, c.createArrayOf("text", f.services().toArray(new String[0])));
    s.setBoolean(++i, f.onSiteClinic());
    s.setBoolean(++i, f.doctorVisits());
    s.setBoolean(++i, f.emergency());
    s.setString(++i, f.partnerHospital());
    s.setBoolean(++i, f.greenChannel());
    s.setBoolean(++i, f.medicalInsurance());
    s.setBoolean(++i, f.ltcInsurance());
    s.setBoolean(++i, demo);
    s.setInt(++i, f.freeBeds());
    setNullableInt(s, ++i, f.minMonthlyPrice(), Types.INTEGER);
    s.addBatch();
  }

  private static void addCare(PreparedStatement s, UUID facilityId, Care k, OffsetDateTime reportedAt)
      throws SQLException {
    s.setObject(1, facilityId);
    s.setString(2, k.careLevel());
    s.setInt(3, k.bedsTotal());
    s.setInt(4, k.bedsFree());
    s.setInt(5, k.bedsNursing());
    s.setObject(6, reportedAt);
    setNullableInt(s, 7, k.priceMin(), Types.INTEGER);
    setNullableInt(s, 8, k.priceMax(), Types.INTEGER);
    s.addBatch();
  }

  private static void setNullableInt(PreparedStatement s, int index, Integer value, int sqlType)
      throws SQLException {
    if (value == null) {
      s.setNull(index, sqlType);
    } else {
      s.setInt(index, value);
    }
  }

  /** Facilities first: the care and history rows reference them. */
  private static void flush(PreparedStatement facility, PreparedStatement care, PreparedStatement history)
      throws SQLException {
    facility.executeBatch();
    care.executeBatch();
    history.executeBatch();
  }
}
