package org.healthportal.support;

import java.util.Arrays;

/** Reads counters from an instance's Prometheus page (GET /metrics on the management port). */
public final class Scrape {

  private Scrape() {}

  /** The sum of every series of {@code name} whose labels include each {@code key="value"} given. */
  public static double sum(Http management, String name, String... labels) {
    return management.get("/metrics").body().lines()
        .filter(l -> l.startsWith(name + "{") && Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** {@code hp_cache_requests_total} of one namespace and outcome ({@code hit}, {@code miss}, {@code fallback}). */
  public static double cacheRequests(Http management, String namespace, String outcome) {
    return sum(management, "hp_cache_requests_total", "namespace=\"" + namespace + "\"", "outcome=\"" + outcome + "\"");
  }
}
