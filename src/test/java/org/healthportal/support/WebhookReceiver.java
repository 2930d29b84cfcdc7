package org.healthportal.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on loopback, in the test's JVM: it records every request, and answers each
 * attempt with the status {@link #statusForAttempt} picks (or never, for -1).
 */
public final class WebhookReceiver implements AutoCloseable {

  /** What the receiver saw: one entry per request. */
  public record Received(String id, String timestamp, String signature, String body, long atMillis, String traceparent) {}

  public final List<Received> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> seen = new ConcurrentHashMap<>();
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  public volatile java.util.function.ToIntFunction<Integer> statusForAttempt = attempt -> 200;
  /** How long the first attempt of each event waits for its answer (to make it time out). */
  public volatile long firstAttemptDelayMs = 0;

  public WebhookReceiver() {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      String id = req.getHeader("webhook-id");
      requests.add(new Received(id, req.getHeader("webhook-timestamp"), req.getHeader("webhook-signature"),
          body.toString(StandardCharsets.UTF_8), System.currentTimeMillis(), req.getHeader("traceparent")));
      int attempt = seen.merge(id, 1, Integer::sum);
      int status = statusForAttempt.applyAsInt(attempt);
      if (status < 0) return; // hold the connection, never answer
      long delay = attempt == 1 ? firstAttemptDelayMs : 0;
      if (delay > 0) vertx.setTimer(delay, t -> req.response().setStatusCode(status).end());
      else req.response().setStatusCode(status).end();
    })).listen(0, "127.0.0.1").await();
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks/health-portal";
  }

  public Set<String> distinctIds() {
    Set<String> ids = new HashSet<>();
    requests.forEach(r -> ids.add(r.id()));
    return ids;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
