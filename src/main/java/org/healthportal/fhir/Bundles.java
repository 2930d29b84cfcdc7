package org.healthportal.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Searchset Bundles: matches in order with their distance, then what {@code _include} asked for. */
final class Bundles {

  private Bundles() {}

  /**
   * @param self the search's URL as understood (unknown parameters left out)
   * @param next the next page's URL, or null on the last page
   * @param firstPage whether this is the search's first page (no {@code _page} token)
   */
  static JsonObject searchset(String base, List<Source.Item> matches, List<JsonObject> included, String self, String next,
      boolean firstPage) {
    JsonArray links = new JsonArray().add(new JsonObject().put("relation", "self").put("url", self));
    if (next != null) links.add(new JsonObject().put("relation", "next").put("url", next));
    JsonArray entries = new JsonArray();
    for (Source.Item item : matches) {
      JsonObject search = new JsonObject().put("mode", "match");
      if (item.distance() != null) {
        search.put("extension", new JsonArray().add(new JsonObject().put("url", FhirCodes.DISTANCE_EXTENSION)
            .put("valueDistance", new JsonObject().put("value", item.distance()).put("unit", "m").put("system", FhirCodes.UCUM).put("code", "m"))));
      }
      entries.add(entry(base, item.resource()).put("search", search));
    }
    for (JsonObject resource : included) entries.add(entry(base, resource).put("search", new JsonObject().put("mode", "include")));
    JsonObject bundle = new JsonObject().put("resourceType", "Bundle").put("type", "searchset").put("link", links);
    // The total is known only when the first page is the last (counting every match would cost a whole search).
    if (next == null && firstPage) bundle.put("total", matches.size());
    return entries.isEmpty() ? bundle : bundle.put("entry", entries);
  }

  private static JsonObject entry(String base, JsonObject resource) {
    return new JsonObject().put("fullUrl", base + "/" + resource.getString("resourceType") + "/" + resource.getString("id")).put("resource", resource);
  }
}
