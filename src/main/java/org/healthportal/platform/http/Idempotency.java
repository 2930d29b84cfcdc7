package org.healthportal.platform.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Idempotent POSTs: the first response to an account's {@code Idempotency-Key} is stored and
 * replayed to every retry with the same body. The same key with another body is refused with 422;
 * a retry that arrives while the first request is still running gets 409.
 *
 * <p>The key is claimed in its own statement (committed at once) before the work starts, so a
 * concurrent duplicate sees the claim; server errors release the claim so the client can retry. A
 * claim left by a crashed process is taken over after {@link #ABANDONED_AFTER_SECONDS}.
 */
public final class Idempotency {

  /** A stored or fresh response; for a status of 400 or more, the body is a {@link Problem#toDocument()}. */
  public record Response(int status, String body) {

    /** Sends it: problems through the failure handler, so they carry this request's id. */
    public void send(io.vertx.ext.web.RoutingContext ctx) {
      if (status >= 400) {
        ctx.fail(Problem.fromDocument(new JsonObject(body)));
      } else {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
      }
    }
  }

  static final int ABANDONED_AFTER_SECONDS = 60;

  private final Pool pool;

  public Idempotency(Pool pool) {
    this.pool = pool;
  }

  /** Forgets keys older than {@code age}: a retry is expected within minutes, not days. */
  public Future<Integer> forgetOlderThan(java.time.Duration age) {
    return pool.preparedQuery("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) age.toSeconds())).map(rows -> rows.rowCount());
  }

  public Future<Response> once(String owner, String key, JsonObject body, Supplier<Future<Response>> work) {
    String hash = hash(body);
    return pool.preparedQuery("INSERT INTO idempotency_key (owner_subject, key, request_hash) VALUES ($1, $2, $3)"
            + " ON CONFLICT (owner_subject, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()"
            + " WHERE idempotency_key.response_status IS NULL"
            + " AND idempotency_key.created_at < now() - make_interval(secs => " + ABANDONED_AFTER_SECONDS + ")"
            + " RETURNING 1")
        .execute(Tuple.of(owner, key, hash))
        .compose(claimed -> claimed.size() > 0 ? run(owner, key, work) : replay(owner, key, hash));
  }

  private Future<Response> run(String owner, String key, Supplier<Future<Response>> work) {
    Future<Response> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.transform(ar -> {
      Response response = ar.succeeded() ? ar.result() : clientProblem(ar.cause());
      if (response == null) {
        // A server fault: release the key so a retry can do the work.
        return pool.preparedQuery("DELETE FROM idempotency_key WHERE owner_subject = $1 AND key = $2").execute(Tuple.of(owner, key))
            .transform(v -> Future.failedFuture(ar.cause()));
      }
      return pool.preparedQuery("UPDATE idempotency_key SET response_status = $3, response_body = $4 WHERE owner_subject = $1 AND key = $2")
          .execute(Tuple.of(owner, key, response.status(), response.body()))
          .map(response);
    });
  }

  private Future<Response> replay(String owner, String key, String hash) {
    return pool.preparedQuery("SELECT request_hash, response_status, response_body FROM idempotency_key WHERE owner_subject = $1 AND key = $2")
        .execute(Tuple.of(owner, key))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(inFlight());
          var row = rows.iterator().next();
          if (!hash.equals(row.getString("request_hash"))) {
            return Future.failedFuture(Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED, "problem.idempotency-key-reused"));
          }
          if (row.getInteger("response_status") == null) return Future.failedFuture(inFlight());
          return Future.succeededFuture(new Response(row.getInteger("response_status"), row.getString("response_body")));
        });
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
