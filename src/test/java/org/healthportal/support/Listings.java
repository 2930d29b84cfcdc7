package org.healthportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.healthportal.platform.search.NearQuery;

/** Checks shared by every keyset-paginated search (facilities, tourism sites). */
public final class Listings {

  private Listings() {}

  /** Every item of a search at {@code basePath}, following nextCursor; fails on a repeated id. */
  public static List<JsonObject> all(Http http, String basePath, String query) {
    List<JsonObject> items = new ArrayList<>();
    String cursor = null;
    do {
      // A query may choose its own page size (small pages test the cursor); each parameter is given once.
      String limit = java.util.Arrays.asList(query.split("&")).stream().anyMatch(p -> p.startsWith("limit=")) ? "" : "limit=100";
      String params = String.join("&", java.util.stream.Stream.of(limit, query, cursor == null ? "" : "cursor=" + cursor)
          .filter(s -> !s.isEmpty()).toList());
      String path = basePath + "?" + params;
      Http.Response r = http.get(path);
      assertThat(r.status()).as("%s -> %s", path, r.body()).isEqualTo(200);
      JsonObject page = r.json();
      page.getJsonArray("items").forEach(i -> items.add((JsonObject) i));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertThat(items.stream().map(i -> i.getString("id")).distinct().count()).as("no item repeated").isEqualTo(items.size());
    return items;
  }

  /** The search with {@code query} returns exactly the items of {@code everything} matching {@code predicate}. */
  public static void checkFilter(Http http, String basePath, List<JsonObject> everything, String query, Predicate<JsonObject> predicate) {
    List<String> expected = everything.stream().filter(predicate).map(f -> f.getString("id")).toList();
    assertThat(ids(all(http, basePath, query))).as(query).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Sorted by {@code key}, ties broken by ascending id. */
  public static <T extends Comparable<T>> void assertSorted(List<JsonObject> items, Function<JsonObject, T> key, boolean descending) {
    for (int i = 1; i < items.size(); i++) {
      int cmp = key.apply(items.get(i - 1)).compareTo(key.apply(items.get(i)));
      if (descending) cmp = -cmp;
      assertThat(cmp).as("order at %d", i).isLessThanOrEqualTo(0);
      if (cmp == 0) assertThat(items.get(i - 1).getString("id").compareTo(items.get(i).getString("id"))).as("id tie-break at %d", i).isNegative();
    }
  }

  /** Great-circle distance from a point to an item's {@code location}. */
  public static double distance(JsonObject item, double lat, double lng) {
    JsonObject loc = item.getJsonObject("location");
    return NearQuery.distanceMeters(lat, lng, loc.getDouble("lat"), loc.getDouble("lng"));
  }

  public static List<String> ids(List<JsonObject> items) {
    List<String> ids = new ArrayList<>();
    items.forEach(i -> ids.add(i.getString("id")));
    return ids;
  }

  /** Asserts that a validation problem names {@code name} first. */
  public static void field(JsonObject problem, String name) {
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo(name);
  }
}
