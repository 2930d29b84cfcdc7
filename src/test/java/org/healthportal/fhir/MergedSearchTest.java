package org.healthportal.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.healthportal.platform.http.Problem;
import org.junit.jupiter.api.Test;

/**
 * Paging through several sources at once, without a server: whatever the page size, the sources'
 * sizes, ties across sources and items a filter drops, following the page tokens yields exactly
 * the sorted union of what passes, each once, and no page holds more than asked.
 */
class MergedSearchTest {

  /** A source over a sorted list, paging by offset as a feature's keyset search would by cursor. */
  private record ListSource(List<Source.Item> items) implements Source {
    @Override
    public Future<Page> page(String cursor, int limit) {
      int from = cursor == null ? 0 : Integer.parseInt(cursor);
      int to = Math.min(items.size(), from + limit);
      return Future.succeededFuture(new Page(new ArrayList<>(items.subList(from, to)), to < items.size() ? String.valueOf(to) : null));
    }
  }

  private static final Comparator<Source.Item> ORDER = Comparator.comparing((Source.Item i) -> (Double) i.key()).thenComparing(Source.Item::id);

  @Test
  void followingNextLinksYieldsTheSortedUnionOfWhatPasses() {
    Random random = new Random(20261128);
    for (int run = 0; run < 300; run++) {
      int sourceCount = 1 + random.nextInt(3);
      List<Source> sources = new ArrayList<>();
      List<Source.Item> expected = new ArrayList<>();
      for (int s = 0; s < sourceCount; s++) {
        List<Source.Item> items = new ArrayList<>();
        int size = random.nextInt(25);
        for (int i = 0; i < size; i++) {
          double key = random.nextInt(12); // few values: many ties, across sources too
          boolean passes = random.nextInt(4) != 0;
          String id = UUID.randomUUID().toString();
          JsonObject resource = passes ? new JsonObject().put("id", id) : null;
          items.add(new Source.Item(id, key, null, resource, key));
        }
        items.sort(ORDER);
        items.stream().filter(i -> i.resource() != null).forEach(expected::add);
        sources.add(new ListSource(items));
      }
      expected.sort(ORDER);
      int count = 1 + random.nextInt(8);
      List<String> got = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        MergedSearch.Result page = MergedSearch.page(sources, token, "q", count).result();
        assertThat(page.items()).hasSizeLessThanOrEqualTo(count);
        page.items().forEach(i -> got.add(i.id()));
        token = page.next();
        assertThat(++pages).isLessThan(200);
      } while (token != null);
      assertThat(got).as("run %d", run).containsExactlyElementsOf(expected.stream().map(Source.Item::id).toList());
    }
  }

  @Test
  void aTokenOfAnotherSearchOrNoTokenAtAllIsRefused() {
    List<Source> one = List.of(new ListSource(List.of(new Source.Item("a", 1.0, null, new JsonObject(), 1.0),
        new Source.Item("b", 2.0, null, new JsonObject(), 2.0))));
    String next = MergedSearch.page(one, null, "q", 1).result().next();
    assertThat(MergedSearch.page(one, next, "q", 1).result().items()).extracting(Source.Item::id).containsExactly("b");
    assertThatThrownBy(() -> MergedSearch.page(one, next, "other", 1)).isInstanceOf(Problem.class);
    assertThatThrownBy(() -> MergedSearch.page(one, "bm90IGpzb24", "q", 1)).isInstanceOf(Problem.class);
  }
}
