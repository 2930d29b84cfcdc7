package org.healthportal.notifications;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.healthportal.platform.http.Lang;

/**
 * Server-sent events of one resident's new notifications. An event's id is the notification's
 * sequence number in the inbox; an account's notifications commit in that order (see {@link Inbox}),
 * so reading "after n" again later finds exactly what came since: resuming from {@code Last-Event-ID}
 * has no gap and no repeat. A stream reads only when {@link InboxSignals} says its owner's inbox has
 * reached a number it has not covered yet.
 */
final class NotificationStream {

  private static final long HEARTBEAT_MS = Duration.ofSeconds(15).toMillis();

  private final StreamReads reads;
  private final InboxSignals signals;

  NotificationStream(StreamReads reads, InboxSignals signals) {
    this.reads = reads;
    this.signals = signals;
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
    Context context = vertx.getOrCreateContext();
    Reader reader = new Reader(response, owner, after, json, context);
    Runnable unregister = signals.register(owner, context, reader::wake);
    reader.read(); // what came between the start point and the registration
    long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> {
      if (!gone(response)) response.write(": keep-alive\n\n");
    });
    // A server shutting down ends its streams, so apps resume (Last-Event-ID) on another instance
    // rather than holding the shutdown for its whole drain time.
    ctx.request().connection().shutdownHandler(v -> {
      if (!gone(response)) response.end();
    });
    Runnable stop = () -> {
      unregister.run();
      vertx.cancelTimer(heartbeat);
    };
    response.closeHandler(v -> stop.run());
    response.endHandler(v -> stop.run());
  }

  /**
   * One stream's reads, its state kept on its event loop: one read at a time (through
   * {@link StreamReads}, with other streams'), none while the client is not taking what was written.
   */
  private final class Reader implements StreamReads.Reader {
    private final HttpServerResponse response;
    private final String owner;
    private final Function<Inbox.Stored, JsonObject> json;
    private final Context context;
    /** The last event written; read by the query while a read waits, and changed only between reads. */
    private volatile long last;
    /** Every notification up to this number has been read (a number may have no notification: a repeat was skipped). */
    private long covered;
    /** The highest number the owner's inbox is known to have reached. */
    private long reached;
    /** What {@link #reached} was when the waiting read was asked for: every notification up to it had committed. */
    private long target;
    private boolean reading;

    Reader(HttpServerResponse response, String owner, long after, Function<Inbox.Stored, JsonObject> json, Context context) {
      this.response = response;
      this.owner = owner;
      this.json = json;
      this.context = context;
      this.last = after;
      this.covered = after;
      this.reached = after;
    }

    void wake(long seq) {
      if (seq <= covered) return;
      reached = Math.max(reached, seq);
      read();
    }

    void read() {
      if (reading || gone(response)) return;
      if (response.writeQueueFull()) {
        response.drainHandler(v -> read());
        return;
      }
      reading = true;
      target = reached;
      reads.request(this);
    }

    @Override
    public String owner() {
      return owner;
    }

    @Override
    public long after() {
      return last;
    }

    @Override
    public Context context() {
      return context;
    }

    @Override
    public void found(List<Inbox.Stored> notifications, boolean succeeded) {
      reading = false;
      for (Inbox.Stored n : notifications) {
        if (gone(response)) return;
        response.write("id: " + n.seq() + "\nevent: notification\ndata: " + json.apply(n).encode() + "\n\n");
        last = n.seq();
      }
      if (!succeeded) return; // the next signal (at the latest the sweep) asks again
      // A full batch may have left more; a short one read everything committed up to the target.
      covered = notifications.size() == Inbox.STREAM_BATCH ? last : Math.max(covered, Math.max(last, target));
      if (reached > covered) read();
    }
  }

  private static boolean gone(HttpServerResponse response) {
    return response.closed() || response.ended();
  }
}
