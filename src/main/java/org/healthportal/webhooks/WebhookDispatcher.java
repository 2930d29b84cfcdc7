package org.healthportal.webhooks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.metrics.Meters;
import org.healthportal.platform.tracing.Tracing;
import org.healthportal.regions.published.RegionCodes;
import org.healthportal.webhooks.published.DeliveryLoop;
import org.healthportal.webhooks.published.SignedPost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks from the outbox, on every instance that has dispatching on.
 *
 * <p>Each round first fans new outbox events out into one delivery row per matching subscription,
 * then sends the deliveries that are due. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and
 * a lease (the next attempt time moves ahead before sending), so instances share the work, and a
 * process killed mid-delivery only delays that delivery until its lease ends. Sending is
 * asynchronous with a time limit and a cap on deliveries in flight: a slow or dead receiver holds
 * at most those slots, never an event loop or the API's connections for long.
 */
public final class WebhookDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int FAN_OUT_BATCH = 500;
  private static final long BACKLOG_MEASURE_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
  /**
   * Finished work is kept a while for partners' delivery counts and for support, then dropped, so
   * the tables do not grow with every bed report forever. Pending deliveries are never touched.
   */
  static final String FORGET_FINISHED = "WITH events AS (DELETE FROM outbox WHERE published_at < now() - interval '7 days'"
      // notifications read the outbox too (notified_at): an event stays until both have seen it
      + "   AND notified_at IS NOT NULL),"
      + " deliveries AS (DELETE FROM webhook_delivery WHERE status <> 'pending' AND next_attempt_at < now() - interval '30 days')"
      + " SELECT 1";

  private final Vertx vertx;
  private final Pool pool;
  private final AppConfig.Webhooks config;
  private final WebClient client;
  private final WebhookTargets targets;
  private final DeliveryLoop loop;
  private final Tracing tracing;
  private final Meters.Count failures;
  /** Events not yet fanned out plus deliveries pending, as of the last round (a gauge). */
  private final AtomicLong backlog = new AtomicLong();
  private long cleanupTimer = -1;
  private volatile long backlogMeasuredAt = System.nanoTime() - BACKLOG_MEASURE_INTERVAL_NANOS;

  public WebhookDispatcher(Vertx vertx, Pool pool, AppConfig.Webhooks config, Tracing tracing, Meters metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.tracing = tracing;
    this.loop = new DeliveryLoop(vertx, "webhook deliveries");
    this.failures = metrics.count("hp.webhook.failures");
    metrics.gauge("hp.webhook.backlog", "Outbox events not yet fanned out plus deliveries waiting to be sent", backlog::get);
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) config.timeout().toMillis()).setIdleTimeout(30).setFollowRedirects(false).setUserAgent("health-portal-webhooks"));
    this.targets = new WebhookTargets(vertx, config.allowPrivateTargets(), config.allowHttp());
  }

  public void start() {
    loop.start(config.pollInterval(), () -> fanOut().compose(v -> sendDue()).compose(v -> measureBacklog()));
    cleanupTimer = vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> pool.query(FORGET_FINISHED).execute()
        .onFailure(e -> LOG.warn("Webhook cleanup failed: {}", e.getMessage())));
  }

  /**
   * Stops looking for work and waits (up to the receivers' time limit) for deliveries in flight, so
   * each is recorded as delivered or failed rather than left to its lease.
   */
  public Future<Void> stop() {
    if (cleanupTimer >= 0) vertx.cancelTimer(cleanupTimer);
    return loop.stop(config.timeout().plusSeconds(1)).onComplete(ar -> client.close());
  }

  /** Turns unpublished outbox events into deliveries for the subscriptions that want them. */
  private Future<Void> fanOut() {
    String regionMatch = RegionCodes.within("o.payload->>'regionCode'", "s.region_code");
    return pool.query("WITH claimed AS (SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT " + FAN_OUT_BATCH
            + " FOR UPDATE SKIP LOCKED),"
            + " fanned AS (INSERT INTO webhook_delivery (subscription_id, event_id, event_type, payload, event_at, traceparent)"
            + "   SELECT s.id, o.id, o.event_type, o.payload, o.created_at, o.traceparent FROM outbox o JOIN claimed c ON c.id = o.id"
            + "   JOIN webhook_subscription s ON s.status = 'active' AND o.event_type = ANY(s.event_types)"
            + "     AND s.created_at <= o.created_at AND (s.region_code IS NULL OR " + regionMatch + ")"
            + "   ON CONFLICT (subscription_id, event_id) DO NOTHING)"
            + " UPDATE outbox SET published_at = now() WHERE id IN (SELECT id FROM claimed)")
        .execute().mapEmpty();
  }

  private Future<Void> sendDue() {
    int free = loop.free(config.maxInFlight());
    if (free <= 0) return Future.succeededFuture();
    // The lease: a claimed attempt is not due again until the receiver's time limit has long passed.
    long leaseMs = config.timeout().toMillis() * 3;
    return pool.preparedQuery("UPDATE webhook_delivery d SET attempts = d.attempts + 1,"
            + " next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)"
            + " FROM webhook_subscription s WHERE s.id = d.subscription_id AND d.id IN ("
            + "   SELECT d2.id FROM webhook_delivery d2 JOIN webhook_subscription s2 ON s2.id = d2.subscription_id AND s2.status = 'active'"
            + "   WHERE d2.status = 'pending' AND d2.next_attempt_at <= now() ORDER BY d2.next_attempt_at, d2.id LIMIT $1"
            + "   FOR UPDATE OF d2 SKIP LOCKED)"
            + " RETURNING d.id, d.event_id, d.event_type, d.payload, d.event_at, d.attempts, d.traceparent,"
            + " s.id AS subscription_id, s.url, s.secret")
        .execute(Tuple.of(free, leaseMs))
        .map(rows -> {
          rows.forEach(this::send);
          return null;
        });
  }

  private void send(Row d) {
    String messageId = "evt_" + d.getLong("event_id");
    String body = new JsonObject()
        .put("id", messageId)
        .put("type", d.getString("event_type"))
        .put("createdAt", d.getOffsetDateTime("event_at").withOffsetSameInstant(ZoneOffset.UTC).toString())
        .put("data", d.getJsonObject("payload"))
        .encode();
    String url = d.getString("url");
    // The delivery continues the trace of the request whose change caused the event.
    Span span = tracing.start("POST webhook " + d.getString("event_type"), SpanKind.CLIENT, d.getString("traceparent"));
    span.setAttribute("webhook.id", messageId);
    span.setAttribute("webhook.attempt", d.getInteger("attempts"));
    loop.track(() -> targets.check(url)
        .compose(server -> SignedPost.send(client, url, server, config.timeout(), d.getString("secret"), messageId, body,
            Map.of("traceparent", Tracing.traceparent(span.getSpanContext()))))
        .transform(ar -> {
          if (ar.succeeded()) span.setAttribute("http.response.status_code", ar.result().statusCode());
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            span.end();
            return delivered(d.getLong("id"));
          }
          String error = ar.succeeded() ? "HTTP " + ar.result().statusCode() + " from the receiver" : SignedPost.describe(ar.cause());
          span.setStatus(StatusCode.ERROR, error);
          span.end();
          failures.increment();
          return failed(d, error);
        }));
  }

  /** Counted at most every 10 s: two counts per poll would cost more than the gauge is worth. */
  private Future<Void> measureBacklog() {
    long now = System.nanoTime();
    if (now - backlogMeasuredAt < BACKLOG_MEASURE_INTERVAL_NANOS) return Future.succeededFuture();
    backlogMeasuredAt = now;
    return pool.query("SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)"
            + " + (SELECT count(*) FROM webhook_delivery WHERE status = 'pending') AS backlog")
        .execute()
        .map(rows -> {
          backlog.set(rows.iterator().next().getLong("backlog"));
          return null;
        });
  }

  private Future<Void> delivered(long deliveryId) {
    return pool.preparedQuery("UPDATE webhook_delivery SET status = 'delivered', delivered_at = now(), last_error = NULL WHERE id = $1")
        .execute(Tuple.of(deliveryId)).mapEmpty();
  }

  /** Schedules the next attempt with exponential backoff, or gives up and disables the subscription. */
  private Future<Void> failed(Row d, String error) {
    int attempts = d.getInteger("attempts");
    if (attempts < config.maxAttempts()) {
      long backoff = SignedPost.backoffMs(config.backoffBase(), attempts);
      return pool.preparedQuery("UPDATE webhook_delivery SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3::float8 / 1000)"
              + " WHERE id = $1")
          .execute(Tuple.of(d.getLong("id"), error, backoff)).mapEmpty();
    }
    String reason = "Disabled after " + attempts + " failed attempts to deliver " + "evt_" + d.getLong("event_id") + "; last: " + error;
    LOG.info("Webhook subscription {} disabled: {}", d.getUUID("subscription_id"), reason);
    return pool.withTransaction(conn -> conn.preparedQuery("UPDATE webhook_delivery SET status = 'failed', last_error = $2 WHERE id = $1")
        .execute(Tuple.of(d.getLong("id"), error))
        .compose(v -> conn.preparedQuery("UPDATE webhook_subscription SET status = 'disabled', disabled_reason = $2"
                + " WHERE id = $1 AND status = 'active'")
            .execute(Tuple.of(d.getUUID("subscription_id"), reason)))
        .mapEmpty());
  }
}
