package org.healthportal.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;
import org.healthportal.platform.tracing.RequestTrace;

/**
 * Hands the current request's trace to the database for the length of a transaction
 * ({@code hp.traceparent}, transaction-local), so that outbox events written by triggers carry it
 * and webhook deliveries continue the trace (migration V12). Outside a request nothing is sent.
 */
public final class TraceTag {

  private TraceTag() {}

  /** {@code work} in the transaction of {@code conn}, after tagging it with the current trace. */
  public static <T> Function<SqlConnection, Future<T>> tagged(Function<SqlConnection, Future<T>> work) {
    return conn -> {
      String traceparent = RequestTrace.current();
      if (traceparent == null) return work.apply(conn);
      return conn.preparedQuery("SELECT set_config('hp.traceparent', $1, true)").execute(Tuple.of(traceparent))
          .compose(v -> work.apply(conn));
    };
  }
}
