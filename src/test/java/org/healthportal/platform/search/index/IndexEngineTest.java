package org.healthportal.platform.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.platform.search.PageCursor;
import org.junit.jupiter.api.Test;

/** The index engine's pure logic: distances, the grid against brute force, keyset order, JSON slots. */
class IndexEngineTest {

  record Point(UUID id, double lat, double lng) implements IndexedListing {
    static Point at(double lat, double lng) {
      return new Point(UUID.randomUUID(), lat, lng);
    }
  }

  @Test
  void distancesAreGreatCircleDistances() {
    Random random = new Random(1);
    for (int i = 0; i < 10_000; i++) {
      double lat1 = random.nextDouble() * 180 - 90;
      double lng1 = random.nextDouble() * 360 - 180;
      double lat2 = lat1 + (random.nextDouble() - 0.5) * 2;
      double lng2 = lng1 + (random.nextDouble() - 0.5) * 2;
      if (Math.abs(lat2) > 90) continue;
      assertThat(SpherePoint.of(lat1, lng1).distanceTo(SpherePoint.of(lat2, lng2)))
          .isCloseTo(NearQuery.distanceMeters(lat1, lng1, lat2, lng2), within(0.001));
    }
  }

  @Test
  void packedTextUnpacksToTheSameBytesAndIsSmaller() {
    String sample = "{\"nameZh\":\"济南市养老院\",\"careLevel\":\"self_care\",\"stale\":true}";
    PackedText packer = new PackedText(sample);
    Random random = new Random(5);
    List<String> texts = new ArrayList<>(List.of("", "x", sample, sample.repeat(40), "\uD83D\uDE00 emoji and 中文"));
    for (int i = 0; i < 200; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = random.nextInt(3000); j > 0; j--) text.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0x4e00 + random.nextInt(2000)));
      texts.add(text.toString());
    }
    for (String text : texts) assertThat(packer.unpack(packer.pack(text)).toString()).isEqualTo(text);
    String detail = sample.replace("self_care", "dementia").replace("true", "false");
    assertThat(packer.pack(detail).length).as("packed against the dictionary").isLessThan(detail.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 2);
  }

  @Test
  void theGridFindsExactlyWhatBruteForceFinds() {
    Random random = new Random(2);
    List<Point> points = new ArrayList<>();
    // Dense around Jinan, spread over the globe, and at the awkward places: poles and the antimeridian.
    for (int i = 0; i < 3_000; i++) points.add(Point.at(36.6 + random.nextGaussian() * 0.3, 117.0 + random.nextGaussian() * 0.3));
    for (int i = 0; i < 3_000; i++) points.add(Point.at(random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180));
    for (int i = 0; i < 500; i++) points.add(Point.at(89.5 + random.nextDouble() * 0.5, random.nextDouble() * 360 - 180));
    for (int i = 0; i < 500; i++) points.add(Point.at(random.nextDouble() * 10 - 5, random.nextBoolean() ? 179.8 + random.nextDouble() * 0.2 : -180 + random.nextDouble() * 0.2));
    IndexSnapshot<Point> index = IndexSnapshot.of(points, List.of(), "0", 0);
    double[][] centres = {{36.6, 117.0}, {89.9, 10}, {0, 179.95}, {0, -179.95}, {-89.99, 0}, {45, 90}};
    for (int i = 0; i < 300; i++) {
      double[] c = i < centres.length ? centres[i] : new double[] {random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180};
      double radius = 1_000 + random.nextDouble() * 49_000;
      List<UUID> expected = points.stream().filter(p -> NearQuery.distanceMeters(c[0], c[1], p.lat, p.lng) <= radius)
          .map(Point::id).sorted().toList();
      List<UUID> found = index.within(c[0], c[1], radius, p -> true).stream().map(h -> h.listing().id()).sorted().toList();
      assertThat(found).as("around %s,%s within %s m", c[0], c[1], radius).isEqualTo(expected);
    }
  }

  @Test
  void theNearestCellsFirstGiveTheSameFirstPageAsBruteForce() {
    Random random = new Random(4);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) points.add(Point.at(36.6 + random.nextGaussian() * 0.2, 117.0 + random.nextGaussian() * 0.2));
    // Some share a position exactly: their tie is broken by id, as in the database.
    for (int i = 0; i < 200; i++) points.add(new Point(UUID.randomUUID(), points.get(i).lat(), points.get(i).lng()));
    IndexSnapshot<Point> index = IndexSnapshot.of(points, List.of(), "0", 0);
    for (int i = 0; i < 300; i++) {
      double lat = 36.6 + random.nextGaussian() * 0.3;
      double lng = 117.0 + random.nextGaussian() * 0.3;
      double radius = 500 + random.nextDouble() * 20_000;
      int count = 1 + random.nextInt(50);
      java.util.function.Predicate<Point> everyOther = p -> (p.id().getLeastSignificantBits() & 1) == 0;
      java.util.function.Predicate<Point> wanted = i % 2 == 0 ? p -> true : everyOther;
      Comparator<Point> byDistance = Comparator.<Point>comparingDouble(p -> SpherePoint.of(lat, lng).distanceTo(p.point()))
          .thenComparing(Point::id, Ranked::compareIds);
      List<Point> expected = points.stream().filter(wanted)
          .filter(p -> SpherePoint.of(lat, lng).distanceTo(p.point()) <= radius).sorted(byDistance).limit(count).toList();
      List<Ranked<Point>> ranked = index.nearest(lat, lng, radius, 0, wanted, count).stream()
          .map(h -> new Ranked<>(h.listing(), (Object) h.distance(), h.listing().id())).toList();
      List<Point> found = Ranked.top(ranked, null, false, count - 1).stream().map(Ranked::item).toList();
      assertThat(found).as("first %d around %s,%s within %s m", count, lat, lng, radius).isEqualTo(expected);
    }
  }

  @Test
  void aChangedSnapshotMovesAndDropsListings() {
    Point jinan = Point.at(36.65, 117.12);
    Point qingdao = Point.at(36.07, 120.38);
    IndexSnapshot<Point> before = IndexSnapshot.of(List.of(jinan, qingdao), List.of("g1"), "10", 0);
    Point moved = new Point(jinan.id(), 36.07, 120.39);
    java.util.Map<UUID, Point> changes = new java.util.HashMap<>();
    changes.put(jinan.id(), moved);
    changes.put(qingdao.id(), null);
    IndexSnapshot<Point> after = before.with(changes, List.of("g2"), "12", 1);
    assertThat(after.within(36.65, 117.12, 5_000, p -> true)).isEmpty();
    assertThat(after.within(36.07, 120.38, 5_000, p -> true)).extracting(h -> h.listing()).containsExactly(moved);
    assertThat(after.size()).isEqualTo(1);
    assertThat(before.within(36.65, 117.12, 5_000, p -> true)).hasSize(1); // the old snapshot is untouched
  }

  @Test
  void pagesFollowTheDatabasesKeysetOrder() {
    // uuid compares as unsigned bytes in PostgreSQL: 8... sorts after 7...
    UUID low = UUID.fromString("7fffffff-0000-4000-8000-000000000000");
    UUID high = UUID.fromString("80000000-0000-4000-8000-000000000000");
    assertThat(Ranked.compareIds(low, high)).isNegative();
    // COLLATE "C" is code-point order: U+FF5E sorts before U+1F600, though its UTF-16 unit is larger.
    assertThat(Ranked.compareCodePoints("～", "😀")).isNegative();

    Random random = new Random(3);
    List<Ranked<Integer>> all = new ArrayList<>();
    for (int i = 0; i < 500; i++) all.add(new Ranked<>(i, random.nextInt(20), new UUID(random.nextLong(), random.nextLong())));
    for (boolean descending : new boolean[] {false, true}) {
      Comparator<Ranked<Integer>> order = Comparator.comparing((Ranked<Integer> r) -> (Integer) r.sortValue());
      if (descending) order = order.reversed();
      order = order.thenComparing(Ranked::id, Ranked::compareIds);
      List<Ranked<Integer>> expected = all.stream().sorted(order).toList();
      List<Ranked<Integer>> paged = new ArrayList<>();
      PageCursor after = null;
      while (true) {
        List<Ranked<Integer>> top = Ranked.top(all, after, descending, 7);
        paged.addAll(top.subList(0, Math.min(7, top.size())));
        if (top.size() <= 7) break;
        Ranked<Integer> last = top.get(6);
        after = new PageCursor(last.sortValue(), last.id());
      }
      assertThat(paged).isEqualTo(expected);
    }
  }

  @Test
  void templateSlotsAreFilledOrLeftOut() {
    JsonTemplate t = JsonTemplate.of("{\"a\":" + JsonTemplate.sentinel(0) + ",\"b\":\"x\",\"c\":" + JsonTemplate.sentinel(1) + "}", "a", "c");
    assertThat(render(t, "1", "2.50")).isEqualTo("{\"a\":1,\"b\":\"x\",\"c\":2.50}");
    assertThat(render(t, null, "2")).isEqualTo("{\"b\":\"x\",\"c\":2}");
    assertThat(render(t, "1", null)).isEqualTo("{\"a\":1,\"b\":\"x\"}");
    JsonTemplate only = JsonTemplate.of("{\"d\":" + JsonTemplate.sentinel(0) + "}", "d");
    assertThat(render(only, (String) null)).isEqualTo("{}");
    assertThat(render(only, "3")).isEqualTo("{\"d\":3}");
  }

  private static String render(JsonTemplate t, String... values) {
    Buffer out = Buffer.buffer();
    t.appendTo(out, values);
    return out.toString();
  }
}
