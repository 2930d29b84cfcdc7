package org.healthportal.tourism;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.healthportal.api.model.Accessibility;
import org.healthportal.api.model.RecommendationRequest;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.search.SqlBuilder;
import org.healthportal.regions.published.RegionCodes;

/**
 * The hard requirements of a recommendation request, each as words and as SQL over
 * {@code tourism_site s}. A site failing any of them is never recommended.
 */
final class HardRequirements {

  /** One requirement: how it reads, and the condition a site must meet. */
  record Requirement(String label, String condition) {}

  final SqlBuilder sql = new SqlBuilder();
  final List<Requirement> requirements = new ArrayList<>();
  /** Distance of a site from the origin, or NULL without one. */
  final String distance;

  HardRequirements(RecommendationRequest request) {
    distance = request.getOrigin() == null ? "NULL::float8"
        : "earth_distance(ll_to_earth(" + sql.param(request.getOrigin().getLat().doubleValue()) + ", "
            + sql.param(request.getOrigin().getLng().doubleValue()) + "), ll_to_earth(s.lat, s.lng))";
    if (!request.getKinds().isEmpty()) {
      String kinds = request.getKinds().stream().map(Words::kind).sorted().collect(Collectors.joining(" or "));
      add("a " + kinds + " site", "s.kind = ANY(" + sql.param(request.getKinds().stream().map(Object::toString).toArray(String[]::new)) + ")");
    }
    add("open in " + Words.month(request.getMonth()), "s.open_months @> ARRAY[" + sql.param(request.getMonth()) + "::smallint]");
    if (request.getRegion() != null) {
      add("in region " + request.getRegion(), RegionCodes.within("s.region_code", sql.param(request.getRegion())));
    }
    if (request.getMaxDistanceKm() != null) {
      if (request.getOrigin() == null) throw Problem.invalidField("body", "/maxDistanceKm", Text.of("tourism.max-distance-needs-origin"));
      double km = request.getMaxDistanceKm().doubleValue();
      add("within " + Words.km(km * 1000) + " of your starting point", distance + " <= " + sql.param(km * 1000));
    }
    for (Accessibility need : request.getMobility().stream().sorted().toList()) {
      add(Words.accessibility(need), "s.accessibility @> ARRAY[" + sql.param(need.toString()) + "]::text[]");
    }
    if (request.getBudget() != null) {
      add("price level " + request.getBudget() + " or below", "s.price_level <= " + sql.param(request.getBudget()));
    }
  }

  private void add(String label, String condition) {
    requirements.add(new Requirement(label, condition));
  }

  List<String> labels() {
    return requirements.stream().map(Requirement::label).toList();
  }

  /** Active sites meeting every requirement, with their distance from the origin. */
  String candidatesQuery() {
    SqlBuilder where = new SqlBuilder().where("s.status = 'active'");
    requirements.forEach(r -> where.where(r.condition()));
    return "SELECT " + SiteRows.SUMMARY_COLUMNS + ", " + distance + " AS distance FROM tourism_site s" + where.whereClause();
  }

  /**
   * How many active sites meet the first requirement, the first two, and so on, as columns
   * {@code met0} (no requirement) to {@code metN}.
   */
  String funnelQuery() {
    // The distance column keeps the origin's parameters referenced (PostgreSQL must type every one).
    StringBuilder select = new StringBuilder("SELECT min(" + distance + ") AS nearest, count(*) AS met0");
    List<String> conditions = new ArrayList<>();
    for (int i = 0; i < requirements.size(); i++) {
      conditions.add(requirements.get(i).condition());
      select.append(", count(*) FILTER (WHERE ").append(String.join(" AND ", conditions)).append(") AS met").append(i + 1);
    }
    return select + " FROM tourism_site s WHERE s.status = 'active'";
  }
}
