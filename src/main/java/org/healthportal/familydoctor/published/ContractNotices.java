package org.healthportal.familydoctor.published;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What others may know of a contract to tell its account holder about it: who holds it, whom it is
 * for (by name only, never an ID number), the team and the end of its term. Read in the caller's
 * transaction, so what is told is what committed with the event being told.
 */
public final class ContractNotices {

  /** Renewal opens this long before a contract ends. */
  public static final Duration RENEWAL_WINDOW = Duration.ofDays(30);

  /**
   * A contract as a notification describes it. {@code dependantName} is null when the account holder
   * signed for themselves; {@code movedTeam} when it was made by changing from another team.
   */
  public record Contract(UUID signupId, String ownerSubject, String dependantName, String teamNameZh, String teamNameEn,
      OffsetDateTime endsAt, boolean movedTeam) {}

  private static final String SELECT = "SELECT s.id, s.owner_subject, d.name AS dependant_name, t.name_zh, t.name_en, s.ends_at,"
      // changeTeam records the new contract's first history row with this reason (SignupService).
      + " EXISTS (SELECT 1 FROM signup_history h WHERE h.signup_id = s.id AND h.to_status = 'PENDING'"
      + "   AND h.reason LIKE 'moved from %') AS moved_team"
      + " FROM signup s JOIN team t ON t.id = s.team_id LEFT JOIN dependant d ON d.id = s.dependant_id";

  private ContractNotices() {}

  /** The contracts of these ids that exist. */
  public static Future<List<Contract>> of(SqlConnection conn, Collection<UUID> ids) {
    if (ids.isEmpty()) return Future.succeededFuture(List.of());
    return conn.preparedQuery(SELECT + " WHERE s.id = ANY($1)").execute(Tuple.of(ids.toArray(UUID[]::new))).map(ContractNotices::all);
  }

  /**
   * Active contracts that reached {@code beforeEnd} before the end of their term within
   * ({@code after}, {@code upTo}]: each is found by exactly one of a series of adjoining intervals.
   */
  public static Future<List<Contract>> reaching(SqlConnection conn, Duration beforeEnd, OffsetDateTime after, OffsetDateTime upTo) {
    return conn.preparedQuery(SELECT + " WHERE s.status = 'ACTIVE' AND s.ends_at > $1::timestamptz + make_interval(secs => $3::float8)"
            + " AND s.ends_at <= $2::timestamptz + make_interval(secs => $3::float8) ORDER BY s.ends_at, s.id")
        .execute(Tuple.of(after, upTo, (double) beforeEnd.toSeconds()))
        .map(ContractNotices::all);
  }

  private static List<Contract> all(Iterable<Row> rows) {
    List<Contract> out = new ArrayList<>();
    rows.forEach(r -> out.add(new Contract(r.getUUID("id"), r.getString("owner_subject"), r.getString("dependant_name"),
        r.getString("name_zh"), r.getString("name_en"), r.getOffsetDateTime("ends_at"), r.getBoolean("moved_team"))));
    return out;
  }
}
