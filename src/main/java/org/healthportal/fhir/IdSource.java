package org.healthportal.fhir;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Listings named by id ({@code _id}, or a reference that names the listing itself) as a
 * {@link Source}: each looked up as a read would, closed ones included, ordered by name.
 */
record IdSource(List<String> ids, Directory.Finder finder, Predicate<JsonObject> keep) implements Source {

  @Override
  public Future<Page> page(String cursor, int limit) {
    int from;
    try {
      from = cursor == null ? 0 : Integer.parseInt(cursor);
    } catch (NumberFormatException e) {
      throw org.healthportal.platform.http.Problem.invalidField("query", "_page", "_page is not a page token of this server");
    }
    List<Future<Directory.Found>> found = new ArrayList<>();
    ids.stream().distinct().forEach(id -> found.add(finder.find(id)));
    return Future.all(found).map(all -> {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < found.size(); i++) {
        Directory.Found f = all.resultAt(i);
        if (f == null) continue;
        String name = f.resource().getString("name", "");
        items.add(new Item(f.resource().getString("id"), name, f.listing(), keep.test(f.resource()) ? f.resource() : null, null));
      }
      items.sort(java.util.Comparator.comparing((Item i) -> (String) i.key()).thenComparing(Item::id));
      int to = Math.min(items.size(), from + limit);
      return new Page(new ArrayList<>(items.subList(Math.min(from, to), to)), to < items.size() ? String.valueOf(to) : null);
    });
  }
}
