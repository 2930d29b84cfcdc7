package org.healthportal.notifications;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.ProblemType;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.search.NearQuery;

/**
 * SQL of bed watches. A watch is live while it has not fired and its days have not passed; expiry
 * is checked where it matters (listing, the limit, matching), so no job has to end watches on time.
 */
final class BedWatches {

  private static final String COLUMNS = "id, owner_subject, care_level, facility_id, lat, lng, radius_km, kinds, max_monthly_price,"
      + " medical_insurance, ltc_insurance, created_at, expires_at";
  private static final String LIVE = "fired_at IS NULL AND expires_at > now()";
  /** Degrees of latitude that cover the widest search radius (50 km is 0.45°), for the index on search watches. */
  private static final double LAT_BAND = NearQuery.MAX_RADIUS_KM / 111.0 + 0.01;

  private final Pool pool;
  private final int maxPerResident;

  BedWatches(Pool pool, int maxPerResident) {
    this.pool = pool;
    this.maxPerResident = maxPerResident;
  }

  int maxPerResident() {
    return maxPerResident;
  }

  /**
   * Stores a watch unless the owner has as many live ones as allowed (409 watch-limit). The count
   * and the insert run under a lock per owner, so two requests at once cannot both take the last place.
   */
  Future<BedWatch> create(BedWatch w, int days) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended('bed_watch:' || $1, 0))")
        .execute(Tuple.of(w.ownerSubject()))
        .compose(locked -> conn.preparedQuery("SELECT count(*) AS n FROM bed_watch WHERE owner_subject = $1 AND " + LIVE)
            .execute(Tuple.of(w.ownerSubject())))
        .compose(count -> {
          if (count.iterator().next().getLong("n") >= maxPerResident) {
            throw Problem.of(ProblemType.WATCH_LIMIT, "notifications.watch-limit", maxPerResident);
          }
          BedWatch.Search s = w.search();
          return conn.preparedQuery("INSERT INTO bed_watch (id, owner_subject, care_level, facility_id, lat, lng, radius_km, kinds,"
                  + " max_monthly_price, medical_insurance, ltc_insurance, expires_at)"
                  + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now() + make_interval(days => $12)) RETURNING " + COLUMNS)
              .execute(Tuple.from(new Object[] {w.id(), w.ownerSubject(), w.careLevel(), w.facilityId(),
                  s == null ? null : s.lat(), s == null ? null : s.lng(), s == null ? null : s.radiusKm(),
                  s == null ? new String[0] : s.kinds().toArray(String[]::new), s == null ? null : s.maxMonthlyPrice(),
                  s != null && s.medicalInsurance(), s != null && s.ltcInsurance(), days}))
              .map(rows -> watch(rows.iterator().next()));
        }));
  }

  /** The owner's live watches, newest first. */
  Future<List<BedWatch>> live(String owner) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM bed_watch WHERE owner_subject = $1 AND " + LIVE
            + " ORDER BY created_at DESC, id")
        .execute(Tuple.of(owner)).map(BedWatches::watches);
  }

  /** Deletes the owner's watch; false when the owner has none of this id (another's is not theirs). */
  Future<Boolean> delete(String owner, UUID id) {
    return pool.preparedQuery("DELETE FROM bed_watch WHERE id = $1 AND owner_subject = $2 AND " + LIVE)
        .execute(Tuple.of(id, owner)).map(rows -> rows.rowCount() > 0);
  }

  /**
   * The watches a freed bed of {@code careLevel} at a facility at {@code lat} may fire: those of the
   * facility, and the search watches of the level near enough in latitude (the caller checks each
   * search exactly). Only watches made before the report and still live at its time.
   */
  static Future<List<BedWatch>> candidates(SqlClient client, UUID facilityId, String careLevel, double lat, OffsetDateTime reportedAt) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM bed_watch WHERE care_level = $2 AND fired_at IS NULL"
            + " AND created_at <= $4 AND expires_at > $4"
            + " AND (facility_id = $1 OR (facility_id IS NULL AND lat BETWEEN $3::float8 - $5::float8 AND $3::float8 + $5::float8))"
            + " ORDER BY id")
        .execute(Tuple.of(facilityId, careLevel, lat, reportedAt, LAT_BAND)).map(BedWatches::watches);
  }

  /** Ends watches that fired. */
  static Future<Void> fired(SqlClient client, List<UUID> ids) {
    if (ids.isEmpty()) return Future.succeededFuture();
    return client.preparedQuery("UPDATE bed_watch SET fired_at = now() WHERE id = ANY($1)")
        .execute(Tuple.of(ids.toArray(UUID[]::new))).mapEmpty();
  }

  /**
   * Forgets watches that ended (fired or expired) more than {@code keep} ago; how many. Nobody sees
   * an ended watch (lists show live ones); it is kept a while only to explain the notification it sent.
   */
  static Future<Integer> forgetEnded(SqlClient client, java.time.Duration keep) {
    return client.preparedQuery("DELETE FROM bed_watch WHERE COALESCE(fired_at, expires_at) < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) keep.toSeconds())).map(rows -> rows.rowCount());
  }

  private static List<BedWatch> watches(Iterable<Row> rows) {
    List<BedWatch> out = new ArrayList<>();
    rows.forEach(r -> out.add(watch(r)));
    return out;
  }

  private static BedWatch watch(Row r) {
    BedWatch.Search search = r.getUUID("facility_id") != null ? null : new BedWatch.Search(r.getDouble("lat"), r.getDouble("lng"),
        r.getDouble("radius_km"), Arrays.asList(r.getArrayOfStrings("kinds")), r.getInteger("max_monthly_price"),
        r.getBoolean("medical_insurance"), r.getBoolean("ltc_insurance"));
    return new BedWatch(r.getUUID("id"), r.getString("owner_subject"), r.getString("care_level"), r.getUUID("facility_id"), search,
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("expires_at"));
  }

  static Text noSuchWatch(UUID id) {
    return Text.of("problem.no-such-id", Text.of("noun.bed-watch"), id);
  }
}
