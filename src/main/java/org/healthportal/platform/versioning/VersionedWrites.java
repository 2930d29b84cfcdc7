package org.healthportal.platform.versioning;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.healthportal.api.model.ChangeHistory;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.db.TraceTag;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.ProblemType;
import org.healthportal.platform.http.Text;

/**
 * The one write path of a versioned listing: in a single transaction, lock the row, check the
 * version named by {@code If-Match}, mutate, record history, and read the result back. Two editors
 * starting from the same version therefore serialise on the lock, and the second gets 412.
 *
 * @param <T> the listing's model
 */
public final class VersionedWrites<T> {

  /** Reads a listing inside a transaction. */
  public interface Reader<T> {
    Future<Optional<T>> find(SqlConnection conn, UUID id);
  }

  /** Changes a locked listing and names the fields it changed (none: nothing was written). */
  public interface Mutation<T> {
    Future<List<String>> apply(SqlConnection conn, T current);
  }

  private final Pool pool;
  private final ChangeHistoryTable history;
  private final Reader<T> reader;
  private final ToIntFunction<T> version;
  private final Text noun;
  private final Function<T, Future<T>> afterCommit;

  /**
   * @param noun what the listing is called in messages, e.g. "facility"
   * @param afterCommit runs after every committed write and before the writer answers: where the
   *     cache is invalidated, so no read after a 2xx can see the old value
   */
  public VersionedWrites(Pool pool, ChangeHistoryTable history, Reader<T> reader, ToIntFunction<T> version, Text noun,
      Function<T, Future<T>> afterCommit) {
    this.pool = pool;
    this.history = history;
    this.reader = reader;
    this.version = version;
    this.noun = noun;
    this.afterCommit = afterCommit;
  }

  /** 428 unless the client named the version it edited. */
  public static void requireIfMatch(String ifMatch) {
    if (ifMatch == null) {
      throw Problem.of(ProblemType.PRECONDITION_REQUIRED, "problem.if-match-required");
    }
  }

  /** Inserts a new listing and records its first version. */
  public Future<T> create(UUID id, Caller caller, Function<SqlConnection, Future<Void>> insert) {
    return pool.withTransaction(TraceTag.tagged(conn -> insert.apply(conn)
        .compose(v -> history.record(conn, id, "create", caller, List.of()))
        .compose(v -> reader.find(conn, id).map(Optional::orElseThrow))))
        .compose(afterCommit);
  }

  /**
   * Applies {@code mutation} to the current version.
   *
   * @param ifMatch the client's If-Match, or null when the change does not depend on the version
   */
  public Future<T> change(UUID id, String ifMatch, String action, Caller caller, Mutation<T> mutation) {
    return pool.withTransaction(TraceTag.tagged(conn -> conn.preparedQuery("SELECT 1 FROM " + history.table() + " WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .compose(locked -> locked.size() == 0 ? Future.succeededFuture(Optional.<T>empty()) : reader.find(conn, id))
        .compose(found -> {
          T current = found.orElseThrow(() -> notFound(id));
          int currentVersion = version.applyAsInt(current);
          if (ifMatch != null && !VersionTags.matches(ifMatch, currentVersion)) {
            throw Problem.of(ProblemType.PRECONDITION_FAILED, "problem.version-changed", noun, VersionTags.of(currentVersion));
          }
          return mutation.apply(conn, current).compose(fields -> fields.isEmpty()
              ? Future.succeededFuture(current)
              : history.record(conn, id, action, caller, fields).compose(v -> reader.find(conn, id).map(Optional::orElseThrow)));
        })))
        .compose(afterCommit);
  }

  /** The listing's change history, oldest first; 404 when there is no such listing. */
  public Future<ChangeHistory> history(UUID id) {
    return pool.withConnection(conn -> reader.find(conn, id))
        .compose(found -> found.isEmpty() ? Future.failedFuture(notFound(id)) : history.list(pool, id));
  }

  public Problem notFound(UUID id) {
    return Problem.notFound(Text.of("problem.no-such-id", noun, id));
  }
}
