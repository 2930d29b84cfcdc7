package org.healthportal.notifications;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.healthportal.platform.http.Lang;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events of one resident's new notifications. An event's id is the notification's
 * sequence number in the inbox; an account's notifications commit in that order (see {@link Inbox}),
 * so reading "after n" again later finds exactly what came since: resuming from {@code Last-Event-ID}
 * has no gap and no repeat. Each open stream looks for new notifications every poll interval.
 */
final class NotificationStream {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationStream.class);
  private static final long HEARTBEAT_MS = Duration.ofSeconds(15).toMillis();
  private static final int BATCH = 100;

  private final Inbox inbox;
  private final Duration poll;

  NotificationStream(Inbox inbox, Duration poll) {
    this.inbox = inbox;
    this.poll = poll;
  }

  /** Starts the stream after sequence {@code after}; it runs until the client leaves. */
  void open(RoutingContext ctx, String owner, long after, Function<Inbox.Stored, JsonObject> json, Lang lang) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) return; // the response deadline answered already
    response.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Language", lang.tag())
        .putHeader("X-Accel-Buffering", "no"); // proxies must pass events on at once
    response.write(": stream of notifications\nretry: 3000\n\n");
    var vertx = ctx.vertx();
    long[] last = {after};
    AtomicBoolean busy = new AtomicBoolean();
    long pollTimer = vertx.setPeriodic(0, poll.toMillis(), id -> {
      // One read at a time, and none while the client is not taking what was written.
      if (gone(response) || response.writeQueueFull() || !busy.compareAndSet(false, true)) return;
      inbox.after(owner, last[0], BATCH)
          .onSuccess(found -> found.forEach(n -> {
            if (gone(response)) return;
            response.write("id: " + n.seq() + "\nevent: notification\ndata: " + json.apply(n).encode() + "\n\n");
            last[0] = n.seq();
          }))
          .onFailure(e -> LOG.debug("Notification stream read failed, retried next poll: {}", e.getMessage()))
          .onComplete(ar -> busy.set(false));
    });
    long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> {
      if (!gone(response)) response.write(": keep-alive\n\n");
    });
    // A server shutting down ends its streams, so apps resume (Last-Event-ID) on another instance
    // rather than holding the shutdown for its whole drain time.
    ctx.request().connection().shutdownHandler(v -> {
      if (!gone(response)) response.end();
    });
    Runnable stop = () -> {
      vertx.cancelTimer(pollTimer);
      vertx.cancelTimer(heartbeat);
    };
    response.closeHandler(v -> stop.run());
    response.endHandler(v -> stop.run());
  }

  private static boolean gone(HttpServerResponse response) {
    return response.closed() || response.ended();
  }
}
