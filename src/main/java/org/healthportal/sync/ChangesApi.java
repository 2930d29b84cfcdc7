package org.healthportal.sync;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.healthportal.api.model.ChangePage;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.ETags;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.sync.ListingSource;

/** The {@code sync} tag: changes since a cursor, for offline copies and partner replicas. */
public final class ChangesApi implements ApiModule {

  static final int DEFAULT_LIMIT = 100;

  private final Pool pool;
  private final ChangeFeed feed;
  private final List<String> allTypes;
  private final Duration cursorMaxAge;
  private final Clock clock;

  public ChangesApi(Pool pool, List<ListingSource> sources, Duration cursorMaxAge, Clock clock) {
    this.pool = pool;
    this.feed = new ChangeFeed(pool, sources, clock);
    this.allTypes = sources.stream().map(ListingSource::type).sorted().toList();
    this.cursorMaxAge = cursorMaxAge;
    this.clock = clock;
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("listChanges").addHandler(this::listChanges);
  }

  void listChanges(RoutingContext ctx) {
    Requests.Query query = Requests.query(ctx);
    List<String> asked = query.distinctSorted("types");
    List<String> types = asked.isEmpty() ? allTypes : asked;
    String typeKey = String.join(",", types);
    String since = query.string("since");
    ChangeCursor cursor = since == null ? ChangeCursor.start(typeKey, clock.instant())
        : ChangeCursor.decode(since, typeKey, clock.instant(), cursorMaxAge);
    Integer limit = query.integer("limit");
    feed.page(cursor, types, limit == null ? DEFAULT_LIMIT : limit)
        .onSuccess(page -> {
          // The ETag leaves out the next cursor (it moves with every transaction anywhere), so a client
          // polling with If-None-Match gets 304 while nothing it asked for changed, and keeps its cursor.
          String etag = ETags.ofBody(Json.encode(new ChangePage().items(page.getItems()).hasMore(page.getHasMore())));
          ETags.sendJson(ctx, Json.encode(page), etag);
        })
        .onFailure(ctx::fail);
  }

  /** Drops superseded log rows; returns how many. */
  /**
   * How far delta sync trails, in seconds: the age of the oldest committed change that readers
   * cannot be given yet because an older transaction is still running (0 when there is none). A
   * long-running transaction anywhere in the database shows up here.
   */
  public io.vertx.core.Future<Double> lagSeconds() {
    return pool.query("SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(changed_at)), 0)::float8 AS lag FROM change_log"
            + " WHERE xid >= pg_snapshot_xmin(pg_current_snapshot())")
        .execute()
        .map(rows -> rows.iterator().next().getDouble("lag"));
  }

  public io.vertx.core.Future<Integer> compact() {
    return feed.compact();
  }
}
