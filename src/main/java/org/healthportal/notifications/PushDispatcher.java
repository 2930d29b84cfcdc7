package org.healthportal.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.metrics.Meters;
import org.healthportal.webhooks.published.DeliveryLoop;
import org.healthportal.webhooks.published.SignedPost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes residents' notifications to the push gateway, on every instance that has a gateway URL.
 *
 * <p>As webhook deliveries: due notifications are claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease ({@code push_due_at} moves ahead before sending), so instances share the work and a process
 * killed mid-push only delays that push until its lease ends; the gateway de-duplicates by the
 * notification id, which is the same on every attempt (at least once, shown once). Sending is
 * asynchronous with a time limit and a cap on requests in flight: a slow or dead gateway holds at
 * most those slots, never an event loop or the API's connections.
 *
 * <p>Due means {@code push_due_at} (the end of quiet hours, or the next attempt after a failure) is
 * not after now by {@code clock}, which tests move instead of waiting hours.
 */
public final class PushDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(PushDispatcher.class);

  private final Pool pool;
  private final AppConfig.Push config;
  private final Clock clock;
  private final WebClient client;
  private final DeliveryLoop loop;
  private final Meters.Count failures;

  public PushDispatcher(Vertx vertx, Pool pool, AppConfig.Push config, Clock clock, Meters metrics) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
    this.loop = new DeliveryLoop(vertx, "pushes");
    this.failures = metrics.count("hp.notification.push.failures");
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) config.timeout().toMillis()).setIdleTimeout(30).setFollowRedirects(false)
        .setUserAgent("health-portal-push"));
  }

  public void start() {
    loop.start(config.pollInterval(), this::sendDue);
  }

  /** Stops looking for work and waits (up to the gateway's time limit) for pushes in flight to be recorded. */
  public Future<Void> stop() {
    return loop.stop(config.timeout().plusSeconds(1)).onComplete(ar -> client.close());
  }

  /**
   * Claims as many due notifications as there are free slots. A kind the resident muted since it
   * was stored is claimed too, and given up at once rather than left due forever.
   */
  private Future<Void> sendDue() {
    int free = loop.free(config.maxInFlight());
    if (free <= 0) return Future.succeededFuture();
    OffsetDateTime now = now();
    // The lease: a claimed attempt is not due again until the gateway's time limit has long passed.
    OffsetDateTime leaseEnd = now.plus(config.timeout().multipliedBy(3));
    return pool.preparedQuery("WITH due AS (SELECT id FROM notification"
            + "   WHERE pushed_at IS NULL AND push_given_up_at IS NULL AND push_due_at <= $2"
            + "   ORDER BY push_due_at, id LIMIT $1 FOR UPDATE SKIP LOCKED),"
            + " n AS (UPDATE notification c SET push_attempts = c.push_attempts + 1, push_due_at = $3 FROM due WHERE c.id = due.id"
            + "   RETURNING c.*)"
            + " SELECT " + PushMessage.COLUMNS + ", n.push_attempts, COALESCE(n.kind = ANY(p.muted_kinds), false) AS muted"
            + " FROM n LEFT JOIN notification_preference p ON p.owner_subject = n.owner_subject")
        .execute(Tuple.of(free, now, leaseEnd))
        .map(rows -> {
          rows.forEach(this::push);
          return null;
        });
  }

  private void push(Row n) {
    UUID id = n.getUUID("id");
    if (n.getBoolean("muted")) {
      givenUp(id, "the kind was muted after the notification was stored")
          .onFailure(e -> LOG.warn("Recording a muted push failed: {}", e.getMessage()));
      return;
    }
    String body;
    try {
      body = PushMessage.body(n);
    } catch (RuntimeException e) {
      // A notification whose text cannot be made would fail the same way on every attempt.
      LOG.warn("Push of notification {} could not be made", id, e);
      givenUp(id, "its text could not be made: " + e).onFailure(err -> LOG.warn("Recording a push failed: {}", err.getMessage()));
      return;
    }
    loop.track(() -> SignedPost.send(client, config.url().orElseThrow(), null, config.timeout(), config.secret(), id.toString(), body, Map.of())
        .transform(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) return pushed(id);
          String error = ar.succeeded() ? "HTTP " + ar.result().statusCode() + " from the gateway" : SignedPost.describe(ar.cause());
          failures.increment();
          return failed(id, n.getInteger("push_attempts"), error);
        }));
  }

  private Future<Void> pushed(UUID id) {
    return pool.preparedQuery("UPDATE notification SET pushed_at = $2, push_last_error = NULL WHERE id = $1")
        .execute(Tuple.of(id, now())).mapEmpty();
  }

  /** Schedules the next attempt with exponential backoff, or gives up after the last one. */
  private Future<Void> failed(UUID id, int attempts, String error) {
    if (attempts >= config.maxAttempts()) {
      LOG.info("Push of notification {} given up after {} attempts; last: {}", id, attempts, error);
      return givenUp(id, "gave up after " + attempts + " attempts; last: " + error);
    }
    OffsetDateTime next = now().plusNanos(SignedPost.backoffMs(config.backoffBase(), attempts) * 1_000_000);
    return pool.preparedQuery("UPDATE notification SET push_last_error = $2, push_due_at = $3 WHERE id = $1")
        .execute(Tuple.of(id, error, next)).mapEmpty();
  }

  private Future<Void> givenUp(UUID id, String reason) {
    return pool.preparedQuery("UPDATE notification SET push_given_up_at = $2, push_last_error = $3 WHERE id = $1")
        .execute(Tuple.of(id, now(), reason)).mapEmpty();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
