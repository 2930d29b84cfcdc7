package org.healthportal.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.healthportal.familydoctor.published.ContractNotices;
import org.healthportal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills residents' inboxes, on every instance that has it on.
 *
 * <p>From the outbox: a round claims events not yet seen ({@code FOR UPDATE SKIP LOCKED}, so
 * instances share them), stores the notifications they make and marks them seen, all in one
 * transaction. A process killed before the commit leaves the events unseen for the next round; the
 * unique (source, kind) of a notification keeps an event seen twice from telling twice.
 *
 * <p>Bed watches: a care level's freed beds (its own outbox event) fire the watches they match
 * ({@link BedWatchFiring}), in the same transaction.
 *
 * <p>With time: reminders (renewal window opened, term about to end) are found by a periodic job
 * that looks at the contracts reaching the moment since its last run, under the lock of its run row,
 * so every instance may run it and each contract is found once (and stored once if found twice).
 * The same job forgets bed watches a week after they ended.
 */
public final class NotificationFeeder {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationFeeder.class);
  private static final int BATCH = 500;
  /** How long an ended bed watch is kept after it fired or expired (one idempotent statement per round, on any instance). */
  static final Duration ENDED_WATCHES_KEPT = Duration.ofDays(7);

  private final Vertx vertx;
  private final Pool pool;
  private final AppConfig.Notifications config;
  private final AtomicBoolean feeding = new AtomicBoolean();
  private final AtomicBoolean reminding = new AtomicBoolean();
  private final List<Long> timers = new ArrayList<>();

  public NotificationFeeder(Vertx vertx, Pool pool, AppConfig.Notifications config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
  }

  public void start() {
    timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> once(feeding, this::feed, "Notification round")));
    timers.add(vertx.setPeriodic(config.reminderInterval().toMillis(), id -> once(reminding, this::remind, "Notification reminders")));
  }

  /** Stops looking for work; a round in flight commits or rolls back as a whole. */
  public void stop() {
    timers.forEach(vertx::cancelTimer);
  }

  private static void once(AtomicBoolean running, java.util.function.Supplier<Future<?>> work, String what) {
    if (!running.compareAndSet(false, true)) return;
    work.get().onFailure(e -> LOG.warn("{} failed: {}", what, e.getMessage())).onComplete(ar -> running.set(false));
  }

  /** Rounds one after the other while they find full batches (a burst), then waits for the next poll. */
  private Future<?> feed() {
    return feedBatch().compose(n -> n == BATCH ? feed() : Future.succeededFuture());
  }

  /** One batch of events, in one transaction; how many there were. */
  private Future<Integer> feedBatch() {
    return pool.withTransaction(conn -> conn.query("SELECT id, aggregate, aggregate_id, event_type, payload, created_at FROM outbox"
            + " WHERE notified_at IS NULL ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED").execute()
        .compose(events -> {
          if (events.size() == 0) return Future.succeededFuture(0);
          List<Row> told = new ArrayList<>();
          List<Row> bedsFreed = new ArrayList<>();
          events.forEach(e -> {
            if ("signup".equals(e.getString("aggregate")) && NotificationRules.SIGNUP_EVENTS.contains(e.getString("event_type"))) told.add(e);
            if (BedWatchFiring.EVENT.equals(e.getString("event_type"))) bedsFreed.add(e);
          });
          Long[] ids = new Long[events.size()];
          int i = 0;
          for (Row e : events) ids[i++] = e.getLong("id");
          return ContractNotices.of(conn, told.stream().map(e -> e.getUUID("aggregate_id")).collect(Collectors.toSet()))
              .compose(contracts -> {
                Map<UUID, ContractNotices.Contract> byId = contracts.stream().collect(Collectors.toMap(ContractNotices.Contract::signupId, c -> c));
                List<Draft> drafts = new ArrayList<>();
                for (Row e : told) {
                  ContractNotices.Contract contract = byId.get(e.getUUID("aggregate_id"));
                  if (contract == null) continue;
                  NotificationRules.fromEvent(e.getLong("id"), e.getString("event_type"), (JsonObject) e.getValue("payload"),
                      e.getOffsetDateTime("created_at").toInstant(), contract).ifPresent(drafts::add);
                }
                return store(conn, drafts);
              })
              .compose(n -> BedWatchFiring.fire(conn, bedsFreed, drafts -> store(conn, drafts)))
              .compose(n -> conn.preparedQuery("UPDATE outbox SET notified_at = now() WHERE id = ANY($1)").execute(Tuple.of(ids)))
              .map(updated -> events.size());
        }));
  }

  private Future<?> remind() {
    return remind(NotificationKind.RENEWAL_OPEN, ContractNotices.RENEWAL_WINDOW)
        .compose(v -> remind(NotificationKind.CONTRACT_EXPIRING, config.expiryWarning()))
        .compose(v -> BedWatches.forgetEnded(pool, ENDED_WATCHES_KEPT));
  }

  /** One run of one reminder: contracts reaching {@code beforeEnd} since the last run; skipped while another instance runs it. */
  private Future<Void> remind(NotificationKind kind, Duration beforeEnd) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT done_until, now() AS now FROM notification_reminder_run"
            + " WHERE kind = $1 FOR UPDATE SKIP LOCKED").execute(Tuple.of(kind.wire()))
        .compose(run -> {
          if (run.size() == 0) return Future.<Void>succeededFuture();
          Row r = run.iterator().next();
          var now = r.getOffsetDateTime("now");
          return ContractNotices.reaching(conn, beforeEnd, r.getOffsetDateTime("done_until"), now)
              .compose(contracts -> store(conn, contracts.stream().map(c -> NotificationRules.reminder(kind, c, now.toInstant())).toList()))
              .compose(n -> conn.preparedQuery("UPDATE notification_reminder_run SET done_until = $2 WHERE kind = $1")
                  .execute(Tuple.of(kind.wire(), now)))
              .mapEmpty();
        }));
  }

  /**
   * Stores the drafts the owners want, with when their push may go, in the caller's transaction;
   * how many were new. Owners in a fixed order: two rounds that both tell the same owners take their
   * inbox rows in the same order and cannot deadlock.
   */
  static Future<Integer> store(SqlConnection conn, List<Draft> drafts) {
    if (drafts.isEmpty()) return Future.succeededFuture(0);
    List<Draft> ordered = drafts.stream().sorted(Comparator.comparing(Draft::ownerSubject).thenComparing(Draft::source)).toList();
    Set<String> owners = ordered.stream().map(Draft::ownerSubject).collect(Collectors.toSet());
    return PreferenceStore.of(conn, owners).compose(prefs -> {
      List<Draft> wanted = new ArrayList<>();
      List<java.time.Instant> pushDue = new ArrayList<>();
      for (Draft d : ordered) {
        Preferences p = prefs.getOrDefault(d.ownerSubject(), Preferences.DEFAULTS);
        if (!p.wants(d.kind())) continue;
        wanted.add(d);
        pushDue.add(p.pushDueAt(d.occurredAt()));
      }
      return Inbox.insertAll(conn, wanted, pushDue);
    });
  }
}
