package org.healthportal.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming read replicas of PostgreSQL, and the rule that keeps read-your-writes across them.
 *
 * <p>A write, once committed, reads the primary's WAL position and stores it in the cache namespace
 * generation it renews ({@link WalPosition#label}). A read that must see every write its caller can
 * know of reads those generations first (the search index does already) and asks for a pool that has
 * replayed the highest position in them: a replica whose last probed replay position is at or past it
 * holds every one of those commits, so it serves; otherwise the primary does. The probe can only
 * under-state how far a replica has replayed, so a mistake sends a read to the primary, never to a
 * replica that lacks a write.
 *
 * <p>A replica that fails a probe is skipped until one succeeds; a read that fails on a replica (it
 * went down, or a recovery conflict cancelled the query) runs again on the primary, so a replica's
 * trouble never reaches a client.
 */
public final class ReadReplicas {

  private static final Logger LOG = LoggerFactory.getLogger(ReadReplicas.class);
  /**
   * The primary's WAL insert position, not its write position ({@code pg_current_wal_lsn}): with
   * {@code synchronous_commit} off a commit returns before its record is written out, so only the
   * insert position is past it.
   */
  private static final String PRIMARY_POSITION = "SELECT pg_current_wal_insert_lsn()::text AS position";

  /** One replica: its pool and what its last probe found. */
  private static final class Replica {
    final String name;
    final Pool pool;
    volatile long replayed = -1;
    volatile boolean up;
    volatile long answeredAtNanos;

    Replica(String name, Pool pool) {
      this.name = name;
      this.pool = pool;
    }
  }

  private final Vertx vertx;
  private final Pool primary;
  private final List<Replica> replicas;
  private final long probeMillis;
  private final Meters meters;
  private volatile long primaryPosition = -1;
  private long timer = -1;
  private int next;

  private ReadReplicas(Vertx vertx, Pool primary, List<Replica> replicas, long probeMillis, Meters meters) {
    this.vertx = vertx;
    this.primary = primary;
    this.replicas = replicas;
    this.probeMillis = probeMillis;
    this.meters = meters;
    for (Replica r : replicas) {
      meters.gauge("hp.db.replica.lag.bytes", "WAL the replica has yet to replay, as last probed (-1: unreachable)",
          () -> r.up && primaryPosition >= 0 ? Math.max(0, primaryPosition - r.replayed) : -1, "replica", r.name);
    }
  }

  /** The replicas {@code db.replica-urls} names; none when it is empty. */
  public static ReadReplicas of(Vertx vertx, AppConfig.Db db, Pool primary, Meters meters) {
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < db.replicaUrls().size(); i++) {
      replicas.add(new Replica("replica-" + (i + 1), Database.createReplicaPool(vertx, db, db.replicaUrls().get(i))));
    }
    return new ReadReplicas(vertx, primary, replicas, db.replicaProbeInterval().toMillis(), meters);
  }

  /** Whether any replica is configured: writes label their generations with a WAL position only then. */
  public boolean any() {
    return !replicas.isEmpty();
  }

  public void start() {
    if (any()) {
      probe();
      timer = vertx.setPeriodic(probeMillis, id -> probe());
    }
  }

  public Future<Void> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    List<Future<Void>> closed = new ArrayList<>();
    replicas.forEach(r -> closed.add(r.pool.close()));
    return Future.join(closed).mapEmpty();
  }

  /** The primary's WAL position now: after a commit, a position at or past that commit. */
  public Future<String> writePosition() {
    return primary.query(PRIMARY_POSITION).execute()
        .map(rows -> rows.iterator().next().getString("position"));
  }

  /**
   * Runs {@code read} ({@code purpose} names it in the metrics) on a replica that has replayed every write labelled in {@code generations}, or
   * on the primary when none has (or {@code generations} is null: they could not be read).
   */
  public <T> Future<T> read(String purpose, Collection<String> generations, Function<Pool, Future<T>> read) {
    Replica replica = generations == null ? null : pick(WalPosition.required(generations));
    if (replica == null) {
      count(purpose, "primary");
      return read.apply(primary);
    }
    count(purpose, "replica");
    return read.apply(replica.pool).recover(e -> {
      LOG.warn("Read on {} failed ({}); reading the primary", replica.name, e.getMessage());
      count(purpose, "primary-after-replica-failed");
      return read.apply(primary);
    });
  }

  /**
   * A connection for a long read (an export's cursor) on a replica that has replayed every write
   * labelled in {@code generations}, else on the primary; also the primary when the replica refuses
   * the connection. (A failure after the read has begun cannot move: the caller's output has started.)
   */
  public Future<SqlConnection> connection(String purpose, Collection<String> generations) {
    return read(purpose, generations, Pool::getConnection);
  }

  /** A replica that has replayed {@code required}, taking turns among those that have. */
  private Replica pick(long required) {
    int size = replicas.size();
    for (int i = 0; i < size; i++) {
      Replica r = replicas.get(Math.floorMod(next + i, size));
      if (r.up && r.replayed >= required && System.nanoTime() - r.answeredAtNanos < silentLimitNanos()) {
        next = next + i + 1;
        return r;
      }
    }
    return null;
  }

  private void probe() {
    primary.query(PRIMARY_POSITION).execute()
        .onSuccess(rows -> primaryPosition = WalPosition.parse(rows.iterator().next().getString("position")));
    for (Replica r : replicas) {
      r.pool.query("SELECT pg_last_wal_replay_lsn()::text AS position, pg_is_in_recovery() AS replica").execute()
          .onSuccess(rows -> {
            Row row = rows.iterator().next();
            boolean wasUp = r.up;
            r.answeredAtNanos = System.nanoTime();
            // A promoted replica is a primary of its own: its data no longer follows this one's.
            r.up = Boolean.TRUE.equals(row.getBoolean("replica")) && row.getString("position") != null;
            r.replayed = r.up ? WalPosition.parse(row.getString("position")) : -1;
            if (r.up != wasUp) LOG.info("{} {}", r.name, r.up ? "serves reads" : "is not in recovery; skipped");
          })
          .onFailure(e -> {
            if (r.up) LOG.warn("{} is unreachable ({}); reads go to the primary", r.name, e.getMessage());
            r.up = false;
          });
    }
  }

  /** A replica that has not answered a probe for this long (frozen, say) is skipped though no probe failed. */
  private long silentLimitNanos() {
    return Math.max(1_000, 10 * probeMillis) * 1_000_000;
  }

  private void count(String purpose, String target) {
    meters.count("hp.db.reads", "purpose", purpose, "target", target).increment();
  }
}
