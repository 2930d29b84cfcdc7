package org.healthportal.notifications;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads new notifications for this instance's open streams, many streams to a query, one query at
 * a time. A burst of bed reports wakes a thousand streams in the same moment; read one by one, they
 * filled the pool's waiting room and turned the API's own requests away with 503. Here they cost a
 * few queries on one connection.
 */
final class StreamReads {

  /** Streams per query. */
  static final int READERS_PER_QUERY = 500;
  private static final Logger LOG = LoggerFactory.getLogger(StreamReads.class);

  /** A stream waiting for a read. {@link #after()} must not change while it waits; results come on its context. */
  interface Reader {
    String owner();

    long after();

    Context context();

    /** What was found after {@link #after()}, oldest first (at most {@link Inbox#STREAM_BATCH}); empty and false when the read failed. */
    void found(List<Inbox.Stored> notifications, boolean succeeded);
  }

  private final Inbox inbox;
  private final Set<Reader> waiting = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean reading = new AtomicBoolean();

  StreamReads(Inbox inbox) {
    this.inbox = inbox;
  }

  /** Reads for {@code reader} in the next query. */
  void request(Reader reader) {
    waiting.add(reader);
    next();
  }

  private void next() {
    if (waiting.isEmpty() || !reading.compareAndSet(false, true)) return;
    List<Reader> batch = new ArrayList<>();
    for (Iterator<Reader> it = waiting.iterator(); it.hasNext() && batch.size() < READERS_PER_QUERY; ) {
      batch.add(it.next());
      it.remove();
    }
    List<String> owners = new ArrayList<>();
    List<Long> after = new ArrayList<>();
    batch.forEach(r -> {
      owners.add(r.owner());
      after.add(r.after());
    });
    inbox.afterEach(owners, after)
        .onComplete(result -> {
          if (result.failed()) LOG.debug("Notification stream reads failed, retried at the next signal: {}", result.cause().getMessage());
          Map<Integer, List<Inbox.Stored>> found = result.succeeded() ? result.result() : Map.of();
          for (int i = 0; i < batch.size(); i++) {
            Reader r = batch.get(i);
            List<Inbox.Stored> mine = found.getOrDefault(i, List.of());
            r.context().runOnContext(v -> r.found(mine, result.succeeded()));
          }
          reading.set(false);
          next();
        });
  }
}
