package org.healthportal.notifications;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.db.ChannelListener;
import org.healthportal.platform.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this instance's open notification streams that their owner's inbox grew, so that a thousand
 * open streams cost one listening connection and one query per sweep rather than a query each every
 * second. A stream then reads only when something is there for it.
 *
 * <p>PostgreSQL announces every stored notification on channel {@value #CHANNEL} as it commits (V17).
 * Notices sent while the listening connection was down are lost, so a sweep reads the newest sequence
 * number of every owner with a stream open here each {@code notifications.stream-poll-ms}, and once
 * after every (re)subscription. A stream ignores a number it has already covered.
 */
final class InboxSignals {

  static final String CHANNEL = "hp_inbox";
  private static final Logger LOG = LoggerFactory.getLogger(InboxSignals.class);
  /** Owners per sweep query: a bounded array parameter, one index probe each. */
  private static final int SWEEP_CHUNK = 5_000;

  /** A stream's wake-up: run on the stream's own event loop with a sequence number the owner has reached. */
  private record Waiter(Context context, LongConsumer wake) {}

  private final Vertx vertx;
  private final Pool pool;
  private final AppConfig.Db db;
  private final Duration sweepInterval;
  private final Map<String, Set<Waiter>> open = new ConcurrentHashMap<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private ChannelListener listener;
  private long sweepTimer = -1;

  InboxSignals(Vertx vertx, Pool pool, AppConfig.Db db, Duration sweepInterval, Meters meters) {
    this.vertx = vertx;
    this.pool = pool;
    this.db = db;
    this.sweepInterval = sweepInterval;
    meters.gauge("hp.notifications.streams.open", "Notification streams open on this instance",
        () -> open.values().stream().mapToInt(Set::size).sum());
  }

  void start() {
    listener = ChannelListener.open(vertx, db, CHANNEL, this::notice, this::sweep);
    sweepTimer = vertx.setPeriodic(sweepInterval.toMillis(), id -> sweep());
  }

  Future<Void> stop() {
    if (sweepTimer >= 0) vertx.cancelTimer(sweepTimer);
    return listener == null ? Future.succeededFuture() : listener.close();
  }

  /** Registers a stream of {@code owner}'s inbox; the returned action unregisters it. */
  Runnable register(String owner, Context context, LongConsumer wake) {
    Waiter waiter = new Waiter(context, wake);
    open.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(waiter);
    return () -> open.computeIfPresent(owner, (o, waiters) -> {
      waiters.remove(waiter);
      return waiters.isEmpty() ? null : waiters;
    });
  }

  /** A notice: {@code "<owner subject> <sequence number>"}. */
  private void notice(String payload) {
    int space = payload.lastIndexOf(' ');
    if (space < 0) return;
    try {
      tell(payload.substring(0, space), Long.parseLong(payload.substring(space + 1)));
    } catch (NumberFormatException e) {
      LOG.debug("Ignored a malformed inbox notice");
    }
  }

  private void tell(String owner, long seq) {
    Set<Waiter> waiters = open.get(owner);
    if (waiters == null) return;
    waiters.forEach(w -> w.context().runOnContext(v -> w.wake().accept(seq)));
  }

  /** Reads how far each owner with an open stream here has come, and tells the streams. */
  private void sweep() {
    if (open.isEmpty() || !sweeping.compareAndSet(false, true)) return;
    List<String> owners = new ArrayList<>(open.keySet());
    List<Future<?>> reads = new ArrayList<>();
    for (int from = 0; from < owners.size(); from += SWEEP_CHUNK) {
      String[] chunk = owners.subList(from, Math.min(owners.size(), from + SWEEP_CHUNK)).toArray(String[]::new);
      reads.add(pool.preparedQuery("SELECT owner_subject, last_seq FROM notification_inbox WHERE owner_subject = ANY($1)")
          .execute(Tuple.of(chunk))
          .onSuccess(rows -> rows.forEach(r -> tell(r.getString("owner_subject"), r.getLong("last_seq")))));
    }
    Future.join(reads)
        .onFailure(e -> LOG.debug("Inbox sweep failed, retried next interval: {}", e.getMessage()))
        .onComplete(ar -> sweeping.set(false));
  }
}
