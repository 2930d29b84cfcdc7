package org.healthportal.fhir;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One kind of listing in a FHIR search (facilities, sites, teams, or listings named by id), in the search's order. */
interface Source {

  /**
   * An item in the search's order. {@code key} is the distance (near searches) or the Chinese name;
   * {@code resource} is null when the item does not pass a filter the listing's own search has not
   * applied (it still counts as read); {@code listing} is the API's JSON of the whole listing.
   */
  record Item(String id, Comparable<?> key, JsonObject listing, JsonObject resource, Double distance) {}

  /** At most {@code limit} items; {@code next} is null when nothing follows. */
  record Page(List<Item> items, String next) {}

  /** The page after {@code cursor} (null: the first). */
  Future<Page> page(String cursor, int limit);

  /**
   * How many items to read for a page of {@code count} matches: more where a filter drops items
   * after reading, so a rare match costs few reads.
   */
  default int batch(int count) {
    return count;
  }
}
