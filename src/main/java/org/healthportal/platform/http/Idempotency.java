package org.healthportal.platform.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import org.healthportal.platform.db.PgErrors;
import org.healthportal.platform.db.TraceTag;
import org.healthportal.platform.tracing.RequestTrace;

/**
 * Idempotent POSTs: the first response to an account's {@code Idempotency-Key} is stored and
 * replayed to every retry with the same body. The same key with another body is refused with 422.
 *
 * <p>The work and the key's claim, with its response, are one transaction, so a write costs one
 * durable commit and one row of the key, written once: BEGIN and the work's first statements are
 * pipelined, then the claim and COMMIT. The claim comes last, so a first request writes its key
 * once, complete. A duplicate (a retry, or the same key with another body) does the work too, but
 * its claim fails on the key's primary key (waiting, while the first is in flight, for it to end),
 * which rolls its work back with it; the duplicate then answers from the stored response. Server
 * errors roll everything back, so the client can retry.
 */
public final class Idempotency {

  /**
   * A stored or fresh response; for a status of 400 or more, the body is a {@link Problem#toDocument()}.
   * {@code replayed}: stored by an earlier request with the key, and sent again.
   */
  public record Response(int status, String body, boolean replayed) {

    /** A fresh response, of the request that holds the key. */
    public Response(int status, String body) {
      this(status, body, false);
    }

    /** Sends it: problems through the failure handler, so they carry this request's id. */
    public void send(io.vertx.ext.web.RoutingContext ctx) {
      if (status >= 400) {
        ctx.fail(Problem.fromDocument(new JsonObject(body)));
      } else {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
      }
    }
  }

  /** An unanswered claim this old was left by a process before claims shared the work's transaction. */
  static final int ABANDONED_AFTER_SECONDS = 60;

  /** The key, claimed with its response at the end of the work's transaction. */
  private static final String CLAIM = "INSERT INTO idempotency_key (owner_subject, key, request_hash, response_status, response_body)"
      + " VALUES ($1, $2, $3, $4, $5)";
  /** The same on its own, for a refusal whose failed statement rolled the work's transaction back. */
  private static final String CLAIM_ALONE = CLAIM + " ON CONFLICT (owner_subject, key) DO NOTHING RETURNING 1";

  private final Pool pool;

  public Idempotency(Pool pool) {
    this.pool = pool;
  }

  /** Forgets keys older than {@code age}: a retry is expected within minutes, not days. */
  public Future<Integer> forgetOlderThan(java.time.Duration age) {
    return pool.preparedQuery("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) age.toSeconds())).map(rows -> rows.rowCount());
  }

  /**
   * Runs {@code work} once per key, in the transaction that claims the key: its statements go on
   * the connection it is given, and it must not wait for their answers before sending the first
   * (BEGIN's answer comes with them). A client problem it fails with is the stored response too.
   */
  public Future<Response> once(String owner, String key, JsonObject body, Function<SqlConnection, Future<Response>> work) {
    String hash = hash(body);
    String traceparent = RequestTrace.current();
    return pool.withConnection(conn -> {
      Future<Void> begun = TraceTag.begin(conn, traceparent);
      Future<Response> done = attempt(work, conn);
      // Answers come in the order sent: once the work is done, BEGIN has answered, unless the work failed before sending.
      return done.transform(ar -> begun.transform(begin -> {
        if (begin.failed()) return rollback(conn).transform(v -> Future.failedFuture(begin.cause()));
        Response response = ar.succeeded() ? ar.result() : clientProblem(ar.cause());
        if (response == null) return rollback(conn).transform(v -> Future.failedFuture(ar.cause()));
        return claim(conn, owner, key, hash, response);
      }));
    });
  }

  private static Future<Response> attempt(Function<SqlConnection, Future<Response>> work, SqlConnection conn) {
    try {
      return work.apply(conn);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Claims the key with the response and commits the work with it. When the claim fails on the key,
   * the transaction is rolled back and the stored response is replayed; a refusal whose failed
   * statement already rolled the work back is stored on its own.
   */
  private Future<Response> claim(SqlConnection conn, String owner, String key, String hash, Response response) {
    Future<?> claimed = conn.preparedQuery(CLAIM).execute(Tuple.of(owner, key, hash, response.status(), response.body()));
    // A failed claim aborts the transaction: PostgreSQL answers this COMMIT by rolling it back.
    Future<?> commit = conn.query("COMMIT").execute();
    return TraceTag.firstFailure(claimed, commit).map(response).recover(e -> {
      if (!claimed.failed()) return Future.failedFuture(e);
      if (PgErrors.isUniqueViolation(claimed.cause())) return replay(conn, owner, key, hash);
      if (response.status() < 400) return Future.failedFuture(e);
      return conn.preparedQuery(CLAIM_ALONE).execute(Tuple.of(owner, key, hash, response.status(), response.body()))
          .compose(rows -> rows.size() > 0 ? Future.succeededFuture(response) : replay(conn, owner, key, hash));
    });
  }

  private static Future<Void> rollback(SqlConnection conn) {
    return conn.query("ROLLBACK").execute().mapEmpty();
  }

  private Future<Response> replay(SqlConnection conn, String owner, String key, String hash) {
    return conn.preparedQuery("SELECT request_hash, response_status, response_body,"
            + " created_at < now() - make_interval(secs => " + ABANDONED_AFTER_SECONDS + ") AS abandoned"
            + " FROM idempotency_key WHERE owner_subject = $1 AND key = $2")
        .execute(Tuple.of(owner, key))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(inFlight());
          var row = rows.iterator().next();
          if (!hash.equals(row.getString("request_hash"))) {
            return Future.failedFuture(Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED, "problem.idempotency-key-reused"));
          }
          if (row.getInteger("response_status") == null) return forgetIfAbandoned(conn, owner, key, row.getBoolean("abandoned"));
          return Future.succeededFuture(new Response(row.getInteger("response_status"), row.getString("response_body"), true));
        });
  }

  /** An unanswered claim of an earlier version of this code: in flight, or dropped once abandoned so a retry can claim it. */
  private static Future<Response> forgetIfAbandoned(SqlConnection conn, String owner, String key, boolean abandoned) {
    if (!abandoned) return Future.failedFuture(inFlight());
    return conn.preparedQuery("DELETE FROM idempotency_key WHERE owner_subject = $1 AND key = $2 AND response_status IS NULL")
        .execute(Tuple.of(owner, key)).transform(v -> Future.failedFuture(inFlight()));
  }

  /** Whether {@code failure} is the refusal of a replay (a key in flight or reused), rather than the outcome of the work. */
  public static boolean isReplayRefusal(Throwable failure) {
    return failure instanceof Problem p
        && (p.type().equals(ProblemType.IDEMPOTENCY_IN_FLIGHT.uri()) || p.type().equals(ProblemType.IDEMPOTENCY_KEY_REUSED.uri()));
  }

  /** Client errors are part of the first response too; anything else is a server fault (null). */
  private static Response clientProblem(Throwable failure) {
    if (failure instanceof Problem p && p.status() < 500) return new Response(p.status(), p.toDocument().encode());
    return null;
  }

  private static Problem inFlight() {
    return Problem.of(ProblemType.IDEMPOTENCY_IN_FLIGHT, "problem.idempotency-in-flight");
  }

  private static String hash(JsonObject body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(body).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Field order does not make two bodies different. */
  private static String canonical(Object value) {
    if (value instanceof JsonObject o) {
      return o.fieldNames().stream().sorted().map(k -> JsonObject.of("k", k).encode() + ":" + canonical(o.getValue(k)))
          .reduce("{", (a, b) -> a + b + ",") + "}";
    }
    return io.vertx.core.json.Json.encode(value);
  }
}
