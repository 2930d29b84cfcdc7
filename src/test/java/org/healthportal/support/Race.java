package org.healthportal.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** Many calls at once, for tests of what concurrency must not break (capacity, idempotency, limits). */
public final class Race {

  private Race() {}

  /** Runs calls {@code 0..n-1} at once (up to 64 threads) and returns their results in order. */
  public static <T> List<T> of(int n, IntFunction<Supplier<T>> call) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 64));
    try {
      List<CompletableFuture<T>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) all.add(CompletableFuture.supplyAsync(call.apply(i), pool));
      return all.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdown();
    }
  }
}
