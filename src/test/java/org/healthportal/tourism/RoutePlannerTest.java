package org.healthportal.tourism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.tourism.ScoringTest.site;

import java.math.BigDecimal;
import java.util.List;
import org.healthportal.api.model.Location;
import org.healthportal.api.model.Recommendation;
import org.healthportal.api.model.Route;
import org.healthportal.api.model.RouteStop;
import org.healthportal.api.model.TourismSiteSummary;
import org.healthportal.platform.search.Locations;
import org.junit.jupiter.api.Test;

/** Route planning without a database: which sites become stops, their order, legs and the note. */
class RoutePlannerTest {

  // Along one meridian: 0.1° of latitude is about 11.1 km.
  private static final TourismSiteSummary ANCHOR = site("00000000-0000-4000-8000-00000000000a", 36.0, 117.0);
  private static final TourismSiteSummary FAR = site("00000000-0000-4000-8000-00000000000d", 36.8, 117.0); // ~89 km from the anchor
  private static final TourismSiteSummary NORTH = site("00000000-0000-4000-8000-00000000000c", 36.6, 117.0); // ~67 km
  private static final TourismSiteSummary MIDDLE = site("00000000-0000-4000-8000-00000000000b", 36.3, 117.0); // ~33 km
  private static final TourismSiteSummary SOUTH = site("00000000-0000-4000-8000-00000000000e", 35.8, 117.0); // ~22 km
  private static final List<Recommendation> RANKED = List.of(rec(ANCHOR), rec(FAR), rec(NORTH), rec(MIDDLE), rec(SOUTH));

  private static Recommendation rec(TourismSiteSummary s) {
    return new Recommendation().site(s);
  }

  private static Location at(double lat, double lng) {
    return new Location().lat(BigDecimal.valueOf(lat)).lng(BigDecimal.valueOf(lng));
  }

  @Test
  void stopsAreTheBestSitesNearTheBestOneVisitedNearestNextFromTheOrigin() {
    assertThat(RoutePlanner.distance(ANCHOR.getLocation(), FAR.getLocation())).isGreaterThan(RoutePlanner.STOP_RADIUS_METERS);
    assertThat(RoutePlanner.distance(ANCHOR.getLocation(), NORTH.getLocation())).isLessThan(RoutePlanner.STOP_RADIUS_METERS);
    Location origin = at(37.0, 117.0);

    Route route = RoutePlanner.plan(RANKED, 3, origin);

    // The far site is better ranked but too far from the anchor; the south one is not reached: three days, three stops.
    assertThat(route.getStops()).extracting(RouteStop::getSiteId).containsExactly(NORTH.getId(), MIDDLE.getId(), ANCHOR.getId());
    assertThat(route.getStops()).extracting(RouteStop::getDay).containsExactly(1, 2, 3);
    double first = RoutePlanner.distance(origin, NORTH.getLocation());
    double second = RoutePlanner.distance(NORTH.getLocation(), MIDDLE.getLocation());
    double third = RoutePlanner.distance(MIDDLE.getLocation(), ANCHOR.getLocation());
    assertThat(route.getStops()).extracting(RouteStop::getLegMeters)
        .containsExactly(Locations.meters(first), Locations.meters(second), Locations.meters(third));
    assertThat(route.getTotalMeters()).isEqualTo(Locations.meters(0 + first + second + third));
    assertThat(route.getNote()).isNull();
    assertThat(route.getStops().get(0).getNameZh()).isEqualTo(NORTH.getNameZh());
  }

  @Test
  void withoutAnOriginTheRouteStartsAtTheBestSite() {
    Route route = RoutePlanner.plan(RANKED, 2, null);
    assertThat(route.getStops()).extracting(RouteStop::getSiteId).containsExactly(ANCHOR.getId(), NORTH.getId());
    assertThat(route.getStops().get(0).getLegMeters()).isEqualByComparingTo("0");
  }

  @Test
  void tooFewSitesNearTheBestOneAreSaidInTheNote() {
    Route route = RoutePlanner.plan(RANKED, 5, null);
    assertThat(route.getStops()).extracting(RouteStop::getSiteId)
        .containsExactlyInAnyOrder(ANCHOR.getId(), NORTH.getId(), MIDDLE.getId(), SOUTH.getId());
    assertThat(route.getNote()).isEqualTo("Only 4 qualifying sites lie within 80.0 km of " + ANCHOR.getNameZh()
        + ", so the route has 4 stops for a 5-day trip; stay longer at the stops.");

    Route alone = RoutePlanner.plan(List.of(rec(ANCHOR), rec(FAR)), 2, null);
    assertThat(alone.getStops()).hasSize(1);
    assertThat(alone.getNote()).isEqualTo("Only 1 qualifying site lies within 80.0 km of " + ANCHOR.getNameZh()
        + ", so the route has 1 stop for a 2-day trip; stay longer at the stops.");
  }

  @Test
  void sitesAtTheSameDistanceAreVisitedInIdOrder() {
    TourismSiteSummary twinHigh = site("00000000-0000-4000-8000-0000000000f2", 36.2, 117.0);
    TourismSiteSummary twinLow = site("00000000-0000-4000-8000-0000000000f1", 36.2, 117.0);
    Route route = RoutePlanner.plan(List.of(rec(ANCHOR), rec(twinHigh), rec(twinLow)), 3, at(36.0, 117.0));
    assertThat(route.getStops()).extracting(RouteStop::getSiteId).containsExactly(ANCHOR.getId(), twinLow.getId(), twinHigh.getId());
  }
}
