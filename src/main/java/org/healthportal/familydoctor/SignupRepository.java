package org.healthportal.familydoctor;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.healthportal.platform.db.TraceTag;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/** SQL of signup contracts, their history and their outbox events. */
final class SignupRepository {

  /** A contract row: the person is kept as their ID number's hash, shown by the masked number saved with it. */
  record Stored(UUID id, UUID teamId, UUID facilityId, String ownerSubject, UUID dependantId, String status, byte[] personHash,
      String personMasked, List<String> packages, String agreementVersion, java.time.OffsetDateTime endsAt, JsonObject view) {}

  /** Renewal opens this long before a contract ends. */
  static final java.time.Duration RENEWAL_WINDOW = org.healthportal.familydoctor.published.ContractNotices.RENEWAL_WINDOW;

  /** A contract to create: PENDING, its history row saying {@code reason}. */
  record Pending(UUID id, UUID teamId, String owner, UUID dependantId, byte[] personHash, String personMasked, List<String> packages,
      String agreementVersion, String reason) {

    Tuple args() {
      return Tuple.from(new Object[] {id, teamId, owner, dependantId, Buffer.buffer(personHash), personMasked,
          packages.toArray(String[]::new), agreementVersion, reason});
    }
  }

  private static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final String SELECT = "SELECT s.*, t.facility_id FROM signup s JOIN team t ON t.id = s.team_id";
  /** A history event's columns (table alias h), named apart from the contract's own. */
  private static final String HISTORY_COLUMNS = "h.at AS history_at, h.actor AS history_actor, h.from_status AS history_from,"
      + " h.to_status AS history_to, h.reason AS history_reason";
  /** {@link #create}: parameters as {@link Pending#args}. */
  private static final String CREATE =
      "WITH placed AS (UPDATE team SET panel_count = panel_count + 1 WHERE id = $2 AND panel_count < panel_cap RETURNING facility_id),"
      + " changed AS (INSERT INTO signup (id, team_id, owner_subject, dependant_id, person_hash, person_masked, packages,"
      + "   agreement_version, status) SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'PENDING' FROM placed RETURNING *),"
      + recorded("$3", "NULL", "'PENDING'", "$9")
      + " SELECT c.*, p.facility_id, " + HISTORY_COLUMNS + " FROM changed c, placed p, history h";

  private final Pool pool;

  SignupRepository(Pool pool) {
    this.pool = pool;
  }

  <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(TraceTag.tagged(work));
  }

  /**
   * A new PENDING contract in the transaction of {@code conn}, in one statement: a place on the team
   * (a conditional UPDATE that concurrent signups cannot both pass), the contract, its history and
   * its outbox event. Empty when the team is full; a unique violation, and nothing written, when the
   * person already holds an open contract.
   */
  Future<Optional<Stored>> create(SqlConnection conn, Pending contract) {
    return conn.preparedQuery(CREATE).execute(contract.args()).map(SignupRepository::withHistory);
  }

  /**
   * Decides or ends a contract, in one statement, alone in a transaction and one round trip: it
   * moves from {@code from} to {@code to} with its history and outbox event. A move to ACTIVE
   * starts the term; a move to any other status ends the contract and gives its place on the team
   * back. Empty when the contract was not in {@code from} (any more).
   */
  Future<Optional<Stored>> move(UUID id, String from, String to, String reason, String actor) {
    return TraceTag.statement(pool, moveSql(to), Tuple.of(id, from, to, reason, actor)).map(SignupRepository::withHistory);
  }

  /** The same in the transaction of {@code conn}. */
  Future<Optional<Stored>> move(SqlConnection conn, UUID id, String from, String to, String reason, String actor) {
    return conn.preparedQuery(moveSql(to)).execute(Tuple.of(id, from, to, reason, actor)).map(SignupRepository::withHistory);
  }

  private static String moveSql(String to) {
    boolean activate = "ACTIVE".equals(to);
    return "WITH changed AS (" + transitionSql(activate) + "),"
        + (activate ? "" : " released AS (UPDATE team SET panel_count = panel_count - 1 WHERE id IN (SELECT team_id FROM changed)),")
        + recorded("$5", "$2", "$3", "$4")
        // The history read here is the one before this statement; its new row comes from the CTE.
        + " SELECT c.*, t.facility_id, " + HISTORY_COLUMNS + " FROM changed c JOIN team t ON t.id = c.team_id,"
        + " (SELECT * FROM signup_history WHERE signup_id = $1 UNION ALL SELECT * FROM history) h ORDER BY h.at";
  }

  /** The next term of a renewed contract: active from the end of the previous one, for a year. */
  Future<Void> insertRenewal(SqlConnection conn, UUID id, Stored previous) {
    return conn.preparedQuery("INSERT INTO signup (id, team_id, owner_subject, dependant_id, person_hash, person_masked, packages,"
            + " agreement_version, status, decided_at, starts_at, ends_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ACTIVE', now(), $9::timestamptz, $9::timestamptz + interval '1 year')")
        .execute(Tuple.from(new Object[] {id, previous.teamId(), previous.ownerSubject(), previous.dependantId(),
            Buffer.buffer(previous.personHash()), previous.personMasked(), previous.packages().toArray(String[]::new),
            previous.agreementVersion(), previous.endsAt()}))
        .mapEmpty();
  }

  /**
   * Expires every active contract past its end, in one statement: status, panel places, history and
   * outbox events together. Safe to run on every instance at once.
   */
  Future<Integer> expireDue() {
    return pool.query("WITH expired AS (UPDATE signup SET status = 'EXPIRED' WHERE status = 'ACTIVE' AND ends_at <= now() RETURNING id, team_id),"
            + " released AS (UPDATE team t SET panel_count = t.panel_count - c.n"
            + "   FROM (SELECT team_id, count(*)::int AS n FROM expired GROUP BY team_id) c WHERE t.id = c.team_id),"
            + " history AS (INSERT INTO signup_history (signup_id, actor, from_status, to_status, reason)"
            + "   SELECT id, 'system', 'ACTIVE', 'EXPIRED', 'term ended without renewal' FROM expired)"
            + " INSERT INTO outbox (aggregate, aggregate_id, event_type, payload)"
            + " SELECT 'signup', id, 'signup.expired', jsonb_build_object('signupId', id, 'from', 'ACTIVE', 'to', 'EXPIRED') FROM expired")
        .execute().map(rows -> rows.rowCount());
  }

  /** Moves a contract from {@code from} to {@code to}, keeping its place; false when it was not in {@code from} any more. */
  Future<Boolean> transition(SqlConnection conn, UUID id, String from, String to, String reason) {
    return conn.preparedQuery(transitionSql(false)).execute(Tuple.of(id, from, to, reason)).map(rows -> rows.size() > 0);
  }

  /** $1 id, $2 from, $3 to, $4 reason; the moved contract. */
  private static String transitionSql(boolean activate) {
    return "UPDATE signup SET status = $3, reason = COALESCE($4, reason), decided_at = COALESCE(decided_at, now())"
        + (activate ? ", starts_at = now(), ends_at = now() + interval '1 year'" : "")
        + " WHERE id = $1 AND status = $2 RETURNING *";
  }

  /** Appends to the history and writes the outbox event, in the caller's transaction. */
  Future<Void> record(SqlConnection conn, UUID id, String actor, String from, String to, String reason) {
    return conn.preparedQuery("WITH changed AS (SELECT $1::uuid AS id)," + recorded("$2", "$3", "$4", "$5") + " SELECT 1")
        .execute(Tuple.of(id, actor, from, to, reason)).mapEmpty();
  }

  /**
   * Data-modifying CTEs {@code history} and {@code event}: a history row and the outbox event for
   * each contract of the CTE {@code changed}, written by the statement that changes it. The
   * arguments are SQL expressions (parameters, literals).
   */
  private static String recorded(String actor, String from, String to, String reason) {
    String fromText = "(" + from + ")::text";
    String toText = "(" + to + ")::text";
    String reasonText = "(" + reason + ")::text";
    return " history AS (INSERT INTO signup_history (signup_id, actor, from_status, to_status, reason)"
        + "   SELECT id, " + actor + ", " + fromText + ", " + toText + ", " + reasonText + " FROM changed RETURNING *),"
        + " event AS (INSERT INTO outbox (aggregate, aggregate_id, event_type, payload)"
        + "   SELECT 'signup', id, 'signup.' || lower(" + toText + "),"
        + "   jsonb_build_object('signupId', id, 'from', " + fromText + ", 'to', " + toText + ", 'reason', " + reasonText + ") FROM changed)";
  }

  /**
   * The contract if it exists and {@code visible} accepts it. The history is read only for a visible
   * one, so a contract the caller may not see costs one query, exactly as a missing one does.
   */
  Future<Optional<Stored>> find(UUID id, Predicate<Stored> visible) {
    return row(id, visible).compose(found -> {
      if (found.isEmpty()) return Future.succeededFuture(found);
      return pool.preparedQuery("SELECT " + HISTORY_COLUMNS + " FROM signup_history h WHERE h.signup_id = $1 ORDER BY h.at")
          .execute(Tuple.of(id)).map(history -> {
            JsonArray events = new JsonArray();
            history.forEach(h -> events.add(event(h)));
            found.get().view().put("history", events);
            return found;
          });
    });
  }

  Future<Optional<Stored>> find(UUID id) {
    return find(id, s -> true);
  }

  /** The contract without its history (its view has none), if it exists and {@code visible} accepts it. */
  Future<Optional<Stored>> row(UUID id, Predicate<Stored> visible) {
    return pool.preparedQuery(SELECT + " WHERE s.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.<Stored>empty() : Optional.of(stored(rows.iterator().next())).filter(visible));
  }

  /** Contracts signed by an account (for itself or its dependants), newest first. */
  Future<List<Stored>> byOwner(String owner) {
    return pool.preparedQuery(SELECT + " WHERE s.owner_subject = $1 ORDER BY s.created_at DESC, s.id").execute(Tuple.of(owner))
        .map(SignupRepository::all);
  }

  /** A team's contracts, oldest first. */
  Future<List<Stored>> byTeam(UUID teamId, String status, int limit) {
    return pool.preparedQuery(SELECT + " WHERE s.team_id = $1 AND ($2::text IS NULL OR s.status = $2) ORDER BY s.created_at, s.id LIMIT $3")
        .execute(Tuple.of(teamId, status, limit)).map(SignupRepository::all);
  }

  private static List<Stored> all(Iterable<Row> rows) {
    List<Stored> out = new ArrayList<>();
    rows.forEach(r -> out.add(stored(r)));
    return out;
  }

  private static Stored stored(Row r) {
    JsonObject view = new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("teamId", r.getUUID("team_id").toString())
        .put("dependantId", r.getUUID("dependant_id") == null ? null : r.getUUID("dependant_id").toString())
        .put("personIdNumberMasked", r.getString("person_masked"))
        .put("packages", new JsonArray(Arrays.asList(r.getArrayOfStrings("packages"))))
        .put("agreementVersion", r.getString("agreement_version"))
        .put("status", r.getString("status"))
        .put("reason", r.getString("reason"))
        .put("createdAt", utc(r, "created_at"))
        .put("decidedAt", utc(r, "decided_at"))
        .put("startsAt", utc(r, "starts_at"))
        .put("endsAt", utc(r, "ends_at"));
    var ends = r.getOffsetDateTime("ends_at");
    if ("ACTIVE".equals(r.getString("status")) && ends != null) {
      var opens = ends.minus(RENEWAL_WINDOW);
      view.put("renewalOpensAt", ISO.format(opens.withOffsetSameInstant(ZoneOffset.UTC)))
          .put("expiresSoon", !java.time.OffsetDateTime.now().isBefore(opens));
    }
    if ("PENDING".equals(r.getString("status"))) {
      view.put("waitingHours", Math.round(java.time.Duration.between(r.getOffsetDateTime("created_at"), java.time.OffsetDateTime.now()).toMinutes() / 6.0) / 10.0);
    }
    return new Stored(r.getUUID("id"), r.getUUID("team_id"), r.getUUID("facility_id"), r.getString("owner_subject"), r.getUUID("dependant_id"),
        r.getString("status"), r.getBuffer("person_hash").getBytes(), r.getString("person_masked"),
        Arrays.asList(r.getArrayOfStrings("packages")), r.getString("agreement_version"), ends, view);
  }

  /** A contract from a statement that returns it once per history event ({@link #HISTORY_COLUMNS}, oldest first); empty for no rows. */
  private static Optional<Stored> withHistory(RowSet<Row> rows) {
    if (rows.size() == 0) return Optional.empty();
    Stored s = stored(rows.iterator().next());
    JsonArray events = new JsonArray();
    rows.forEach(r -> events.add(event(r)));
    s.view().put("history", events);
    return Optional.of(s);
  }

  private static JsonObject event(Row h) {
    return new JsonObject().put("at", utc(h, "history_at")).put("actor", h.getString("history_actor"))
        .put("fromStatus", h.getString("history_from")).put("toStatus", h.getString("history_to")).put("reason", h.getString("history_reason"));
  }

  private static String utc(Row r, String column) {
    var t = r.getOffsetDateTime(column);
    return t == null ? null : ISO.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
