package org.healthportal.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.healthportal.platform.search.Pages;

/** SQL of residents' inboxes: storing notifications once, reading them newest first, marking them read. */
final class Inbox {

  /** A stored notification; its texts are made when it is read ({@link NotificationTexts}). */
  record Stored(UUID id, long seq, NotificationKind kind, UUID signupId, JsonObject params, OffsetDateTime createdAt,
      OffsetDateTime readAt) {}

  /**
   * $1 owner, $2 id, $3 kind, $4 source, $5 signup, $6 params, $7 push due. The next sequence number
   * of the owner's inbox row is taken first: its lock, held to the commit, makes an owner's
   * notifications commit in sequence order. A repeated source and kind inserts nothing.
   */
  private static final String INSERT = "WITH inbox AS (INSERT INTO notification_inbox (owner_subject, last_seq) VALUES ($1, 1)"
      + "   ON CONFLICT (owner_subject) DO UPDATE SET last_seq = notification_inbox.last_seq + 1 RETURNING last_seq)"
      + " INSERT INTO notification (id, owner_subject, seq, kind, source, signup_id, params, push_due_at)"
      + " SELECT $2, $1, last_seq, $3, $4, $5, $6, $7 FROM inbox ON CONFLICT (source, kind) DO NOTHING RETURNING id";
  private static final String COLUMNS = "id, seq, kind, signup_id, params, created_at, read_at";

  private final Pool pool;

  Inbox(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores the drafts in the caller's transaction, in the order given (one batch: a single round
   * trip); how many were new, a repeated source and kind being skipped.
   */
  static Future<Integer> insertAll(SqlConnection conn, List<Draft> drafts, List<Instant> pushDueAt) {
    if (drafts.isEmpty()) return Future.succeededFuture(0);
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      Draft d = drafts.get(i);
      rows.add(Tuple.from(new Object[] {d.ownerSubject(), UUID.randomUUID(), d.kind().wire(), d.source(), d.signupId(), d.params(),
          pushDueAt.get(i).atOffset(ZoneOffset.UTC)}));
    }
    return conn.preparedQuery(INSERT).executeBatch(rows).map(result -> {
      int stored = 0;
      for (RowSet<Row> r = result; r != null; r = r.next()) stored += r.rowCount();
      return stored;
    });
  }

  /** One page of the owner's notifications, newest first, below sequence {@code beforeSeq} when given. */
  Future<Pages.Page<Stored>> page(String owner, boolean unreadOnly, Long beforeSeq, int limit, String fingerprint) {
    return pool.preparedQuery("SELECT " + COLUMNS + ", seq AS sort_value FROM notification WHERE owner_subject = $1"
            + " AND ($2::bigint IS NULL OR seq < $2) AND (NOT $3 OR read_at IS NULL) ORDER BY seq DESC LIMIT $4")
        .execute(Tuple.of(owner, beforeSeq, unreadOnly, limit + 1))
        .map(rows -> Pages.collect(rows, limit, fingerprint, Inbox::stored));
  }

  /** The sequence number of the owner's newest notification, 0 for none: where a new stream starts. */
  Future<Long> lastSeq(String owner) {
    return pool.preparedQuery("SELECT COALESCE(max(seq), 0) AS seq FROM notification WHERE owner_subject = $1")
        .execute(Tuple.of(owner)).map(rows -> rows.iterator().next().getLong("seq"));
  }

  /** How many notifications a stream is given per read, oldest first. */
  static final int STREAM_BATCH = 100;

  /**
   * For each (owner, after) pair, the owner's notifications after that sequence number, oldest
   * first, at most {@link #STREAM_BATCH}: one query for many open streams. Keyed by the pair's index.
   */
  Future<Map<Integer, List<Stored>>> afterEach(List<String> owners, List<Long> afterSeqs) {
    return pool.preparedQuery("SELECT w.i, n.* FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS w(owner, after_seq, i)"
            + " CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM notification WHERE owner_subject = w.owner AND seq > w.after_seq"
            + " ORDER BY seq LIMIT " + STREAM_BATCH + ") n ORDER BY w.i, n.seq")
        .execute(Tuple.tuple().addArrayOfString(owners.toArray(String[]::new)).addArrayOfLong(afterSeqs.toArray(Long[]::new)))
        .map(rows -> {
          Map<Integer, List<Stored>> found = new HashMap<>();
          rows.forEach(r -> found.computeIfAbsent((int) (r.getLong("i") - 1), i -> new ArrayList<>()).add(stored(r)));
          return found;
        });
  }

  Future<Long> unreadCount(String owner) {
    return pool.preparedQuery("SELECT count(*) AS n FROM notification WHERE owner_subject = $1 AND read_at IS NULL")
        .execute(Tuple.of(owner)).map(rows -> rows.iterator().next().getLong("n"));
  }

  /** Marks one of the owner's notifications read (again is harmless); empty for another's, as for none. */
  Future<Optional<Stored>> markRead(String owner, UUID id) {
    return pool.preparedQuery("UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND owner_subject = $2"
            + " RETURNING " + COLUMNS)
        .execute(Tuple.of(id, owner))
        .map(rows -> all(rows).stream().findFirst());
  }

  /** Marks every unread notification of the owner read; how many were. */
  Future<Integer> markAllRead(String owner) {
    return pool.preparedQuery("UPDATE notification SET read_at = now() WHERE owner_subject = $1 AND read_at IS NULL")
        .execute(Tuple.of(owner)).map(rows -> rows.rowCount());
  }

  private static List<Stored> all(Iterable<Row> rows) {
    List<Stored> out = new ArrayList<>();
    rows.forEach(r -> out.add(stored(r)));
    return out;
  }

  private static Stored stored(Row r) {
    return new Stored(r.getUUID("id"), r.getLong("seq"), NotificationKind.fromWire(r.getString("kind")).orElseThrow(),
        r.getUUID("signup_id"), r.getJsonObject("params"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("read_at"));
  }
}
