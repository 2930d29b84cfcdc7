package org.healthportal.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import org.healthportal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection that LISTENs on a PostgreSQL channel for as long as it is open, reconnecting
 * after a failure. Notices sent while it was down are lost, so {@code subscribed} runs after every
 * (re)subscription: the owner's cue to look for what it missed.
 */
public final class ChannelListener {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private final String channel;
  private volatile boolean closed;

  private ChannelListener(Vertx vertx, PgSubscriber subscriber, String channel) {
    this.vertx = vertx;
    this.subscriber = subscriber;
    this.channel = channel;
  }

  /** Starts listening on {@code channel} of the primary; {@code message} gets each notice's payload. */
  public static ChannelListener open(Vertx vertx, AppConfig.Db db, String channel, Handler<String> message, Runnable subscribed) {
    PgSubscriber subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(db))
        .reconnectPolicy(attempt -> RETRY.toMillis()); // a listener never gives up while the service runs
    subscriber.channel(channel).handler(message).subscribeHandler(v -> subscribed.run());
    ChannelListener listener = new ChannelListener(vertx, subscriber, channel);
    listener.connect();
    return listener;
  }

  private void connect() {
    if (closed) return;
    // The reconnect policy covers a connection lost later; a first connection that fails is retried here.
    subscriber.connect().onFailure(e -> {
      LOG.debug("Listening on {} failed, retrying in {}: {}", channel, RETRY, e.getMessage());
      vertx.setTimer(RETRY.toMillis(), id -> connect());
    });
  }

  public Future<Void> close() {
    closed = true;
    return subscriber.close();
  }
}
