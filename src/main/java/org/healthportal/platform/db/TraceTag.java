package org.healthportal.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import org.healthportal.platform.tracing.RequestTrace;

/**
 * Hands the current request's trace to the database for the length of a transaction
 * ({@code hp.traceparent}, transaction-local), so that outbox events written by triggers carry it
 * and webhook deliveries continue the trace (migration V12). Outside a request nothing is sent.
 */
public final class TraceTag {

  private static final String TAG = "SELECT set_config('hp.traceparent', $1, true)";

  private TraceTag() {}

  /** {@code work} in the transaction of {@code conn}, after tagging it with the current trace. */
  public static <T> Function<SqlConnection, Future<T>> tagged(Function<SqlConnection, Future<T>> work) {
    return conn -> {
      String traceparent = RequestTrace.current();
      if (traceparent == null) return work.apply(conn);
      return conn.preparedQuery(TAG).execute(Tuple.of(traceparent)).compose(v -> work.apply(conn));
    };
  }

  /**
   * Opens a transaction on {@code conn} and tags it, without waiting for the answers: statements
   * sent after it on the connection are pipelined behind BEGIN and the tag, and are in the
   * transaction. The result is the first failure of the two, in the order sent. {@code traceparent}
   * is {@link RequestTrace#current()}, read on the request's context before the connection was
   * taken.
   */
  public static Future<Void> begin(SqlConnection conn, String traceparent) {
    Future<?> begin = conn.query("BEGIN").execute();
    if (traceparent == null) return begin.mapEmpty();
    return firstFailure(begin, conn.preparedQuery(TAG).execute(Tuple.of(traceparent))).mapEmpty();
  }

  /**
   * One statement in a tagged transaction of its own, in one round trip: BEGIN, the tag, the
   * statement and COMMIT are pipelined, sent without waiting for each other's answers. When the
   * statement fails, PostgreSQL answers that COMMIT by rolling the transaction back, and the
   * statement's failure is the result. Outside a request the statement goes alone: a single
   * statement is atomic on its own.
   */
  public static Future<RowSet<Row>> statement(Pool pool, String sql, Tuple args) {
    String traceparent = RequestTrace.current();
    return pool.withConnection(conn -> {
      if (traceparent == null) return conn.preparedQuery(sql).execute(args);
      Future<Void> begun = begin(conn, traceparent);
      Future<RowSet<Row>> rows = conn.preparedQuery(sql).execute(args);
      Future<?> commit = conn.query("COMMIT").execute();
      return firstFailure(begun, rows, commit).map(v -> rows.result());
    });
  }

  /**
   * Completes once every step has answered (so the connection is quiet before it goes back to the
   * pool), failing with the first failure in the order the steps were sent.
   */
  public static Future<Void> firstFailure(Future<?>... steps) {
    return Future.join(List.of(steps)).transform(done -> {
      for (Future<?> step : steps) {
        if (step.failed()) return Future.failedFuture(step.cause());
      }
      return Future.succeededFuture();
    });
  }
}
