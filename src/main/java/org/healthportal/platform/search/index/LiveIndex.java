package org.healthportal.platform.search.index;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.cache.CachedValue;
import org.healthportal.platform.db.ReadReplicas;
import org.healthportal.platform.metrics.Meters;
import org.healthportal.platform.search.KeysetSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory copy of a feature's published listings, kept current from the change log, so a
 * search needs no database round trip.
 *
 * <p><b>Read-your-writes.</b> Every write invalidates its cache namespace after it commits and before
 * it answers (see {@link CachedReads}). A refresh reads the namespace generations first and the
 * database second, and labels its snapshot with those generations. A search reads the generations
 * too (one Redis GET per event-loop turn, shared with the cache): when they equal the snapshot's, no
 * write has finished since the snapshot's read began, so the snapshot holds every write the caller
 * can know of. Otherwise the search waits for a refresh that begins after it arrived (one indexed
 * read of the change log, a few milliseconds), which sees every write committed before it. When the
 * index is not loaded, or that refresh fails, {@link #fresh} answers null and the caller reads the
 * database, as it did before the index existed.
 *
 * <p><b>Catching up.</b> A refresh reads the change log from the previous read's transaction horizon
 * (the oldest transaction then still running) and re-reads every listing changed since, so no change
 * is missed however transactions interleave. Each instance checks the generations every poll
 * interval, so a write elsewhere is searchable here within that interval even without traffic.
 *
 * @param <E> the feature's indexed listing
 */
public final class LiveIndex<E extends IndexedListing> {

  private static final Logger LOG = LoggerFactory.getLogger(LiveIndex.class);
  private static final String HORIZON = "SELECT h.horizon, x.* FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon) h"
      + " LEFT JOIN (%s) x ON true";
  private static final long CATCH_UP_NANOS = Duration.ofSeconds(10).toNanos();

  private final Vertx vertx;
  private final ReadReplicas reads;
  private final CachedReads cache;
  private final IndexSource<E> source;
  private final Duration pollInterval;
  private final Meters meters;
  private final boolean enabled;
  private volatile IndexSnapshot<E> snapshot;
  /** The refresh running now, and the one promised to callers that arrived during it. */
  private Future<Void> running;
  private Promise<Void> queued;
  private long timer = -1;

  public LiveIndex(Vertx vertx, ReadReplicas reads, CachedReads cache, IndexSource<E> source, Duration pollInterval, boolean enabled,
      Meters meters) {
    this.vertx = vertx;
    this.reads = reads;
    this.cache = cache;
    this.source = source;
    this.pollInterval = pollInterval;
    this.enabled = enabled;
    this.meters = meters;
    meters.gauge("hp.search.index.listings", "Listings held by an in-memory search index",
        () -> snapshot == null ? 0 : snapshot.size(), "index", source.name());
  }

  /** Loads the index in the background and keeps it current; searches use the database until it is loaded. */
  public void start() {
    if (!enabled) return;
    refreshAfterNow();
    timer = vertx.setPeriodic(pollInterval.toMillis(), id -> poll());
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  /**
   * A snapshot holding every write that finished before this call, or null when the caller must read
   * the database (the index is off or not loaded, or could not catch up).
   */
  public Future<IndexSnapshot<E>> fresh() {
    IndexSnapshot<E> current = snapshot;
    if (current == null) return outcome("database", null);
    long askedAt = System.nanoTime();
    return generations().transform(read -> {
      IndexSnapshot<E> latest = snapshot;
      if (read.succeeded() && read.result().equals(latest.generations)) return outcome("index", latest);
      Context caller = vertx.getOrCreateContext();
      Future<Void> caughtUp = refreshAfterNow();
      return Future.fromCompletionStage(caughtUp.toCompletionStage(), caller).transform(done -> {
        IndexSnapshot<E> after = snapshot;
        return after != null && after.startedNanos >= askedAt ? outcome("caught-up", after) : outcome("database", null);
      });
    });
  }

  /**
   * A page of {@code search}, as {@link #search(boolean, String, Duration, Function, Supplier)} answers
   * it under the search's cache key; a bad cursor is refused before the cache is touched.
   */
  public Future<CachedValue> search(KeysetSearch search, Duration ttl, Function<IndexSnapshot<E>, Buffer> fromIndex,
      Supplier<Future<String>> fromDatabase) {
    search.decodedCursor();
    return search(search.near() != null, search.cacheKey(), ttl, fromIndex, fromDatabase);
  }

  /**
   * Answers a search from the index when it holds every write, else from the database. Near-me goes
   * straight to the index, since a phone's position almost never repeats; other searches repeat, and
   * go through the cache (in the source's first namespace), whose loader runs on the index too.
   */
  public Future<CachedValue> search(boolean nearMe, String cacheKey, Duration ttl, Function<IndexSnapshot<E>, Buffer> fromIndex,
      Supplier<Future<String>> fromDatabase) {
    String namespace = source.namespaces().get(0);
    if (nearMe) {
      return fresh().compose(snapshot -> {
        if (snapshot == null) return cache.getOrLoad(namespace, cacheKey, ttl, fromDatabase);
        // A page from a snapshot holds for every reader of the generation the snapshot was labelled
        // with, so a position asked again is remembered in memory under it (never sent to Redis).
        String generation = snapshot.generations == null ? null : String.join("+", snapshot.generations);
        CachedValue known = generation == null ? null : cache.remembered(namespace, generation, cacheKey);
        if (known != null) return Future.succeededFuture(known);
        CachedValue page = CachedValue.of(fromIndex.apply(snapshot));
        return Future.succeededFuture(generation == null ? page : cache.remember(namespace, generation, cacheKey, ttl, page));
      });
    }
    // Asked inside the loader, so the index answers for every write up to the generation the value is stored under.
    return cache.getOrLoad(namespace, cacheKey, ttl, () -> fresh().compose(snapshot -> snapshot != null
        ? Future.succeededFuture(fromIndex.apply(snapshot).toString())
        : fromDatabase.get()));
  }

  /** Refreshes now (after a write on this instance, say), without waiting for the next poll. */
  public void changed() {
    if (enabled) refreshAfterNow();
  }

  private Future<IndexSnapshot<E>> outcome(String outcome, IndexSnapshot<E> result) {
    meters.count("hp.search.index.reads", "index", source.name(), "outcome", outcome).increment();
    return Future.succeededFuture(result);
  }

  private void poll() {
    IndexSnapshot<E> current = snapshot;
    // Also now and then without a new generation: picks up changes made outside the service (a fix in SQL).
    if (current == null || System.nanoTime() - current.startedNanos > CATCH_UP_NANOS) {
      refreshAfterNow();
      return;
    }
    generations().onComplete(read -> {
      if (read.failed() || !read.result().equals(snapshot.generations)) refreshAfterNow();
    });
  }

  private Future<List<String>> generations() {
    List<Future<String>> reads = new ArrayList<>();
    source.namespaces().forEach(ns -> reads.add(cache.generation(ns)));
    return Future.all(reads).map(all -> {
      List<String> result = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) result.add(all.resultAt(i));
      return result;
    });
  }

  /** A refresh that begins after this call: the running one's successor when one is running. */
  private synchronized Future<Void> refreshAfterNow() {
    if (running == null) {
      running = refreshThenNext();
      return running;
    }
    if (queued == null) queued = Promise.promise();
    return queued.future();
  }

  private Future<Void> refreshThenNext() {
    Future<Void> refresh = refreshOnce();
    refresh.onComplete(done -> {
      synchronized (this) {
        Promise<Void> next = queued;
        queued = null;
        running = next == null ? null : refreshThenNext();
        if (next != null) running.onComplete(next);
      }
    });
    return refresh;
  }

  private Future<Void> refreshOnce() {
    long startedAt = System.nanoTime();
    IndexSnapshot<E> base = snapshot;
    // A replica serves when it has replayed every write the generations read first were labelled with.
    // Rows become listings on a worker thread: a whole load takes seconds, which no event loop can spare.
    return generations().map(g -> g).otherwise((List<String>) null).compose(generations -> base == null
            ? reads.read("search-index", generations, pool -> pool.preparedQuery(String.format(HORIZON, source.selectAll())).execute())
                .compose(rows -> loaded(rows, generations, startedAt))
            : reads.read("search-index", generations, pool -> pool.preparedQuery(String.format(HORIZON, source.selectChanged())).execute(Tuple.of(base.horizon)))
                .compose(rows -> vertx.executeBlocking(() -> caughtUp(base, rows, generations, startedAt), false)))
        .onSuccess(next -> snapshot = next)
        .onFailure(e -> LOG.warn("Search index of {} not refreshed ({}); searches read the database until it is", source.name(),
            e.getMessage()))
        .mapEmpty();
  }

  /**
   * The snapshot of a whole load, made from the rows on worker threads, one part per core. What the
   * source adds beyond searching ({@link IndexSource#complete}) is added after the snapshot is
   * served, in the background, so searches need not wait for it.
   */
  private Future<IndexSnapshot<E>> loaded(Iterable<Row> rows, List<String> generations, long startedAt) {
    List<Row> all = new ArrayList<>();
    rows.forEach(row -> {
      if (row.getValue("id") != null) all.add(row);
    });
    String horizon = rows.iterator().hasNext() ? rows.iterator().next().getString("horizon") : null;
    long queriedAt = System.nanoTime();
    List<List<Row>> parts = parts(all);
    List<Future<List<E>>> mapped = new ArrayList<>();
    for (List<Row> part : parts) {
      mapped.add(vertx.executeBlocking(() -> {
        List<E> listings = new ArrayList<>(part.size());
        for (Row row : part) listings.add(source.map(row));
        return listings;
      }, false));
    }
    // The grid is built on a worker too: tens of milliseconds for 80,000 listings.
    return Future.all(mapped).compose(done -> vertx.executeBlocking(() -> {
      List<E> listings = new ArrayList<>(all.size());
      mapped.forEach(part -> part.result().stream().filter(java.util.Objects::nonNull).forEach(listings::add));
      IndexSnapshot<E> loaded = IndexSnapshot.of(listings, generations, horizon, startedAt);
      LOG.info("Search index of {} loaded: {} listings in {} ms (the query {} ms)", source.name(), loaded.size(),
          (System.nanoTime() - startedAt) / 1_000_000, (queriedAt - startedAt) / 1_000_000);
      return loaded;
    }, false)).onSuccess(loaded -> completeInBackground(parts, mapped, startedAt));
  }

  private static List<List<Row>> parts(List<Row> rows) {
    int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), rows.size() / 1_000));
    List<List<Row>> result = new ArrayList<>();
    for (int part = 0; part < parts; part++) result.add(rows.subList(part * rows.size() / parts, (part + 1) * rows.size() / parts));
    return result;
  }

  private void completeInBackground(List<List<Row>> parts, List<Future<List<E>>> mapped, long startedAt) {
    List<Future<Void>> completed = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      List<Row> rows = parts.get(i);
      List<E> listings = mapped.get(i).result();
      completed.add(vertx.executeBlocking(() -> {
        for (int j = 0; j < rows.size(); j++) {
          if (listings.get(j) != null) source.complete(rows.get(j), listings.get(j));
        }
        return null;
      }, false));
    }
    Future.all(completed).onComplete(done -> LOG.info("Search index of {} completed {} ms after its load began", source.name(),
        (System.nanoTime() - startedAt) / 1_000_000));
  }

  private IndexSnapshot<E> caughtUp(IndexSnapshot<E> base, Iterable<Row> rows, List<String> generations, long startedAt) {
    Map<UUID, E> changes = new HashMap<>();
    String horizon = base.horizon;
    for (Row row : rows) {
      horizon = row.getString("horizon");
      UUID changed = row.getUUID("changed_id");
      if (changed == null) continue;
      E listing = row.getValue("id") == null ? null : source.map(row);
      if (listing != null) source.complete(row, listing);
      changes.put(changed, listing);
    }
    return base.with(changes, generations, horizon, startedAt);
  }
}
