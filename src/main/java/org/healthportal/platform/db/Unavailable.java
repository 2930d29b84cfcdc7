package org.healthportal.platform.db;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means "the database cannot answer now" (refused, reset, restarting, too busy,
 * too slow) rather than a fault of the request or of our code: those get 503 with Retry-After,
 * and the pool reconnects by itself once PostgreSQL is back.
 */
public final class Unavailable {

  /** SQL state classes: connection exception, insufficient resources, operator intervention (shutdown, starting up). */
  private static final Set<String> STATE_CLASSES = Set.of("08", "53", "57");

  private Unavailable() {}

  public static boolean isDatabaseUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg) {
        String state = pg.getSqlState();
        return state != null && state.length() >= 2 && STATE_CLASSES.contains(state.substring(0, 2));
      }
      if (t instanceof ClosedConnectionException || t instanceof IOException || t instanceof TimeoutException) return true;
      // Too many requests already wait for a connection (db.max-waiting): overload, not a fault of the request.
      if (t instanceof ConnectionPoolTooBusyException) return true;
      String name = t.getClass().getName();
      String message = String.valueOf(t.getMessage());
      // The pool's own refusals: no connection within the wait time.
      if (name.startsWith("io.vertx.") && (message.contains("Timeout") || message.contains("timeout")
          || message.contains("waiter") || message.contains("Connection refused") || message.contains("closed"))) {
        return true;
      }
    }
    return false;
  }
}
