package org.healthportal.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The one way to record for the management port's {@code /metrics}, without knowing the metrics
 * library: counters of events by outcome, and gauges read at scrape time. Counters are looked up in
 * a map of their own, cheaper than the registry's lookup on a hot path (a cache hit counts one).
 */
public final class Meters {

  /** Counts one kind of event. */
  public interface Count {
    void increment();
  }

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

  public Meters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A counter ({@code name} with tag pairs {@code key, value, ...}); looked up once per tag set. */
  public Count count(String name, String... tags) {
    Counter counter = counters.computeIfAbsent(name + '|' + String.join("|", tags), k -> registry.counter(name, tags));
    return counter::increment;
  }

  /** A gauge ({@code name} with tag pairs) whose value is read from {@code value} at every scrape (keep it cheap: no I/O). */
  public void gauge(String name, String description, Supplier<Number> value, String... tags) {
    // Held strongly: Micrometer keeps a gauge's object weakly, and a lambda nobody else holds would be
    // collected, leaving the gauge reading NaN.
    Gauge.builder(name, value, v -> v.get().doubleValue()).description(description).tags(tags).strongReference(true).register(registry);
  }
}
