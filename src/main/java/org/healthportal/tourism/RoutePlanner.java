package org.healthportal.tourism;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.healthportal.platform.search.Locations;
import org.healthportal.api.model.Location;
import org.healthportal.api.model.Recommendation;
import org.healthportal.api.model.Route;
import org.healthportal.api.model.RouteStop;
import org.healthportal.api.model.TourismSiteSummary;
import org.healthportal.platform.search.NearQuery;

/**
 * A multi-day route: the best site and the best-scoring sites near it, one a day, visited in
 * nearest-next order from the origin (or from the best site). Short legs matter more to older
 * travellers than an optimal tour, and nearest-next is easy to follow and to explain.
 */
final class RoutePlanner {

  /** Stops lie within this distance of the best site. */
  static final double STOP_RADIUS_METERS = 80_000;

  private RoutePlanner() {}

  /** @param ranked every qualifying site, best first */
  static Route plan(List<Recommendation> ranked, int tripDays, Location origin) {
    TourismSiteSummary anchor = ranked.get(0).getSite();
    List<TourismSiteSummary> stops = new ArrayList<>();
    stops.add(anchor);
    for (Recommendation r : ranked.subList(1, ranked.size())) {
      if (stops.size() == tripDays) break;
      if (distance(anchor.getLocation(), r.getSite().getLocation()) <= STOP_RADIUS_METERS) stops.add(r.getSite());
    }

    Location from = origin != null ? origin : anchor.getLocation();
    List<RouteStop> ordered = new ArrayList<>();
    double total = 0;
    while (!stops.isEmpty()) {
      Location here = from;
      TourismSiteSummary next = stops.stream()
          .min(Comparator.<TourismSiteSummary>comparingDouble(s -> distance(here, s.getLocation())).thenComparing(TourismSiteSummary::getId))
          .orElseThrow();
      double leg = distance(here, next.getLocation());
      total += leg;
      ordered.add(new RouteStop().day(ordered.size() + 1).siteId(next.getId()).nameZh(next.getNameZh()).nameEn(next.getNameEn())
          .legMeters(Locations.meters(leg)));
      stops.remove(next);
      from = next.getLocation();
    }
    String note = ordered.size() < tripDays
        ? "Only " + ordered.size() + " qualifying site" + (ordered.size() == 1 ? " lies" : "s lie") + " within "
            + Words.km(STOP_RADIUS_METERS) + " of " + anchor.getNameZh() + ", so the route has " + ordered.size()
            + " stop" + (ordered.size() == 1 ? "" : "s") + " for a " + tripDays + "-day trip; stay longer at the stops."
        : null;
    return new Route().stops(ordered).totalMeters(Locations.meters(total)).note(note);
  }

  static double distance(Location a, Location b) {
    return NearQuery.distanceMeters(a.getLat().doubleValue(), a.getLng().doubleValue(), b.getLat().doubleValue(), b.getLng().doubleValue());
  }
}
