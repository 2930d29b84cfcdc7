package org.healthportal.platform.search;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.healthportal.platform.http.Requests;

/** Page size and page assembly shared by every keyset-paginated search. */
public final class Pages {

  public static final int DEFAULT_LIMIT = 20;

  private Pages() {}

  /** The requested page size (the contract bounds it). */
  public static int limit(Requests.Query query) {
    Integer limit = query.integer("limit");
    return limit == null ? DEFAULT_LIMIT : limit;
  }

  /** One page of items and the cursor of the next page, or null on the last page. */
  public record Page<T>(List<T> items, String nextCursor) {}

  /** Runs a search's query (built to fetch one row past the page) and makes its page. */
  public static <T> Future<Page<T>> fetch(SqlClient client, String sql, SqlBuilder params, KeysetSearch search, Function<Row, T> mapper) {
    return client.preparedQuery(sql).execute(params.tuple()).map(rows -> collect(rows, search.limit(), search.fingerprint(), mapper));
  }

  /**
   * Turns rows fetched with {@code LIMIT limit + 1} into a page. Rows must carry the keyset's
   * {@code sort_value} and {@code id} columns.
   */
  public static <T> Page<T> collect(Iterable<Row> rows, int limit, String fingerprint, Function<Row, T> mapper) {
    List<T> items = new ArrayList<>();
    Row last = null;
    for (Row row : rows) {
      if (items.size() == limit) {
        return new Page<>(items, new PageCursor(last.getValue("sort_value"), last.getUUID("id")).encode(fingerprint));
      }
      items.add(mapper.apply(row));
      last = row;
    }
    return new Page<>(items, null);
  }
}
