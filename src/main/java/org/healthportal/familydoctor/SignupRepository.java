package org.healthportal.familydoctor;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.healthportal.platform.db.TraceTag;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
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
  static final java.time.Duration RENEWAL_WINDOW = java.time.Duration.ofDays(30);

  private static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final String SELECT = "SELECT s.*, t.facility_id FROM signup s JOIN team t ON t.id = s.team_id";

  private final Pool pool;

  SignupRepository(Pool pool) {
    this.pool = pool;
  }

  <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(TraceTag.tagged(work));
  }

  /** Takes one place on the team's panel; false when the team is full. */
  Future<Boolean> takePlace(SqlConnection conn, UUID teamId) {
    return conn.preparedQuery("UPDATE team SET panel_count = panel_count + 1 WHERE id = $1 AND panel_count < panel_cap RETURNING id")
        .execute(Tuple.of(teamId)).map(rows -> rows.size() > 0);
  }

  Future<Void> releasePlace(SqlConnection conn, UUID teamId) {
    return conn.preparedQuery("UPDATE team SET panel_count = panel_count - 1 WHERE id = $1").execute(Tuple.of(teamId)).mapEmpty();
  }

  Future<Void> insert(SqlConnection conn, UUID id, UUID teamId, String owner, UUID dependantId, byte[] personHash, String maskedId,
      List<String> packages, String agreementVersion) {
    return conn.preparedQuery("INSERT INTO signup (id, team_id, owner_subject, dependant_id, person_hash, person_masked, packages,"
            + " agreement_version, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING')")
        .execute(Tuple.from(new Object[] {id, teamId, owner, dependantId, Buffer.buffer(personHash), maskedId,
            packages.toArray(String[]::new), agreementVersion}))
        .mapEmpty();
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

  /** Moves a contract from {@code from} to {@code to}; false when it was not in {@code from} any more. */
  Future<Boolean> transition(SqlConnection conn, UUID id, String from, String to, String reason, boolean activate) {
    return conn.preparedQuery("UPDATE signup SET status = $3, reason = COALESCE($4, reason), decided_at = COALESCE(decided_at, now())"
            + (activate ? ", starts_at = now(), ends_at = now() + interval '1 year'" : "")
            + " WHERE id = $1 AND status = $2 RETURNING id")
        .execute(Tuple.of(id, from, to, reason)).map(rows -> rows.size() > 0);
  }

  /** Appends to the history and writes the outbox event, in the caller's transaction. */
  Future<Void> record(SqlConnection conn, UUID id, String actor, String from, String to, String reason) {
    JsonObject payload = new JsonObject().put("signupId", id.toString()).put("from", from).put("to", to).put("reason", reason);
    return conn.preparedQuery("INSERT INTO signup_history (signup_id, actor, from_status, to_status, reason) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(id, actor, from, to, reason))
        .compose(v -> conn.preparedQuery("INSERT INTO outbox (aggregate, aggregate_id, event_type, payload) VALUES ('signup', $1, $2, $3)")
            .execute(Tuple.of(id, "signup." + to.toLowerCase(), payload)))
        .mapEmpty();
  }

  /**
   * The contract if it exists and {@code visible} accepts it. The history is read only for a visible
   * one, so a contract the caller may not see costs one query, exactly as a missing one does.
   */
  Future<Optional<Stored>> find(SqlClient client, UUID id, Predicate<Stored> visible) {
    return client.preparedQuery(SELECT + " WHERE s.id = $1").execute(Tuple.of(id)).compose(rows -> {
      Optional<Stored> found = rows.size() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next())).filter(visible);
      if (found.isEmpty()) return Future.succeededFuture(Optional.empty());
      Stored s = found.get();
      return client.preparedQuery("SELECT * FROM signup_history WHERE signup_id = $1 ORDER BY at").execute(Tuple.of(id)).map(history -> {
        JsonArray events = new JsonArray();
        history.forEach(h -> events.add(new JsonObject()
            .put("at", ISO.format(h.getOffsetDateTime("at").withOffsetSameInstant(ZoneOffset.UTC)))
            .put("actor", h.getString("actor")).put("fromStatus", h.getString("from_status"))
            .put("toStatus", h.getString("to_status")).put("reason", h.getString("reason"))));
        s.view().put("history", events);
        return Optional.of(s);
      });
    });
  }

  Future<Optional<Stored>> find(SqlClient client, UUID id) {
    return find(client, id, s -> true);
  }

  Future<Optional<Stored>> find(UUID id) {
    return find(pool, id);
  }

  Future<Optional<Stored>> find(UUID id, Predicate<Stored> visible) {
    return find(pool, id, visible);
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

  private static String utc(Row r, String column) {
    var t = r.getOffsetDateTime(column);
    return t == null ? null : ISO.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
