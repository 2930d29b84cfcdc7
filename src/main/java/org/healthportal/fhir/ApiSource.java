package org.healthportal.fhir;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.healthportal.platform.search.PublicListings;

/**
 * A feature's own search as a {@link Source}: the FHIR parameters already turned into the API's
 * ({@code apiQuery}), pages read through the same index, cache and read-your-writes rules as
 * {@code GET /v1/...}, and each listing whole, as {@code GET /v1/.../{id}} answers it.
 *
 * @param wholeItems the search's items are whole listings already (teams), no detail read needed
 * @param keep what the feature's search cannot decide itself (a change time, a team's name), on the resource
 */
record ApiSource(PublicListings listings, Map<String, Object> apiQuery, boolean near, boolean wholeItems,
    Function<JsonObject, JsonObject> toResource, Predicate<JsonObject> keep, boolean filters) implements Source {

  /** The API's largest page. */
  private static final int MAX_LIMIT = 100;

  @Override
  public int batch(int count) {
    return filters ? MAX_LIMIT : count;
  }

  @Override
  public Future<Page> page(String cursor, int limit) {
    Map<String, Object> query = new HashMap<>(apiQuery);
    query.put("limit", limit);
    if (cursor != null) query.put("cursor", cursor);
    return listings.search(org.healthportal.platform.http.Requests.Query.of(query)).compose(body -> {
      JsonObject page = body.toJsonObject();
      JsonArray items = page.getJsonArray("items");
      List<Future<Item>> resolved = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) resolved.add(item(items.getJsonObject(i)));
      return Future.all(resolved).map(all -> {
        List<Item> list = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) list.add(all.resultAt(i));
        return new Page(list, page.getString("nextCursor"));
      });
    });
  }

  private Future<Item> item(JsonObject summary) {
    String id = summary.getString("id");
    Double distance = near ? summary.getDouble("distanceMeters") : null;
    Comparable<?> key = near ? distance : summary.getString("nameZh");
    Future<JsonObject> listing = wholeItems ? Future.succeededFuture(summary)
        : listings.get(UUID.fromString(id)).map(found -> found.map(b -> b.toJsonObject()).orElse(null));
    return listing.map(whole -> {
      JsonObject resource = whole == null ? null : toResource.apply(whole);
      return new Item(id, key, whole, resource != null && keep.test(resource) ? resource : null, distance);
    });
  }
}
