package org.healthportal.platform.cache;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.healthportal.support.Http;

/** Clients sending GETs in a loop until closed, recording each answer's status and latency. */
final class Traffic implements AutoCloseable {

  record Answer(String path, int status, long millis) {}

  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService clients;

  Traffic(Http http, List<String> paths, int clientCount) {
    clients = Executors.newFixedThreadPool(clientCount);
    for (int c = 0; c < clientCount; c++) {
      int offset = c;
      clients.submit(() -> {
        for (int i = offset; running.get(); i++) {
          String path = paths.get(i % paths.size());
          long start = System.nanoTime();
          int status;
          try {
            status = http.get(path).status();
          } catch (RuntimeException e) {
            status = -1; // no answer at all
          }
          answers.add(new Answer(path, status, (System.nanoTime() - start) / 1_000_000));
        }
      });
    }
  }

  int count() {
    return answers.size();
  }

  List<Answer> answers() {
    return List.copyOf(answers);
  }

  /** How many answers had each status. */
  Map<Integer, Long> statuses() {
    Map<Integer, Long> byStatus = new TreeMap<>();
    answers.forEach(a -> byStatus.merge(a.status(), 1L, Long::sum));
    return byStatus;
  }

  long slowestMillis() {
    return answers.stream().mapToLong(Answer::millis).max().orElse(0);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    clients.shutdown();
    clients.awaitTermination(30, TimeUnit.SECONDS);
  }
}
