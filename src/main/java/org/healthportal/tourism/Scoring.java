package org.healthportal.tourism;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.healthportal.platform.search.Locations;
import org.healthportal.api.model.Accessibility;
import org.healthportal.api.model.Designation;
import org.healthportal.api.model.DesignationType;
import org.healthportal.api.model.Reason;
import org.healthportal.api.model.Recommendation;
import org.healthportal.api.model.RecommendationRequest;
import org.healthportal.api.model.TourismSiteSummary;
import org.healthportal.api.model.WellnessService;

/**
 * Scores a site that met every hard requirement. The score is exactly the sum of the reasons'
 * points, and every reason is a fact of the site's data, so a traveller can check the ranking.
 */
final class Scoring {

  static final int BEST_MONTH = 25;
  static final int PER_SERVICE = 10;
  static final int PER_DESIGNATION = 8;
  static final int SCENIC_AREA = 4;
  static final int EXTRA_ACCESSIBILITY = 5;
  static final int NEAR_ORIGIN_MAX = 20;
  /** Without a maximum distance, nearness counts within this distance of the origin. */
  static final double NEARNESS_SCALE_METERS = 300_000;

  /** Hospital distance bands (metres) and their points, nearest band first. */
  private static final double[] HOSPITAL_BANDS = {5_000, 15_000, 30_000};
  private static final int[] HOSPITAL_POINTS = {20, 12, 5};

  /** Highest score first; then nearer to the origin; then lower id, so the order is total. */
  static final Comparator<Recommendation> RANKING = Comparator.comparing(Recommendation::getScore).reversed()
      .thenComparing(r -> r.getSite().getDistanceMeters() == null ? Double.MAX_VALUE : r.getSite().getDistanceMeters().doubleValue())
      .thenComparing(r -> r.getSite().getId());

  private Scoring() {}

  static Recommendation score(RecommendationRequest request, TourismSiteSummary site, Double nearestHospitalMeters, List<String> met) {
    List<Reason> reasons = new ArrayList<>();
    if (site.getBestMonths().contains(request.getMonth())) {
      reasons.add(reason("best_month", "at its best in " + Words.month(request.getMonth()), BEST_MONTH));
    }
    for (WellnessService wanted : request.getServices().stream().sorted().toList()) {
      if (site.getServices().contains(wanted)) reasons.add(reason("service", "offers " + Words.service(wanted), PER_SERVICE));
    }
    for (Designation d : site.getDesignations()) {
      int points = d.getType() == DesignationType.NATIONAL_5A_SCENIC_AREA ? SCENIC_AREA : PER_DESIGNATION;
      reasons.add(reason("designation", Words.designation(d.getType()) + " (" + d.getYear() + ")", points));
    }
    if (nearestHospitalMeters != null) {
      for (int i = 0; i < HOSPITAL_BANDS.length; i++) {
        if (nearestHospitalMeters <= HOSPITAL_BANDS[i]) {
          reasons.add(reason("hospital_nearby", "hospital " + Words.km(nearestHospitalMeters) + " away", HOSPITAL_POINTS[i]));
          break;
        }
      }
    }
    if (site.getDistanceMeters() != null) {
      double scale = request.getMaxDistanceKm() != null ? request.getMaxDistanceKm().doubleValue() * 1000 : NEARNESS_SCALE_METERS;
      int points = (int) Math.round(NEAR_ORIGIN_MAX * Math.max(0, 1 - site.getDistanceMeters().doubleValue() / scale));
      if (points > 0) {
        reasons.add(reason("near_origin", Words.km(site.getDistanceMeters().doubleValue()) + " from your starting point", points));
      }
    }
    for (Accessibility extra : List.of(Accessibility.ELDERLY_LODGING, Accessibility.MEDICAL_POINT)) {
      if (site.getAccessibility().contains(extra) && !request.getMobility().contains(extra)) {
        reasons.add(reason(extra == Accessibility.MEDICAL_POINT ? "on_site_medical" : "elderly_lodging", Words.accessibility(extra),
            EXTRA_ACCESSIBILITY));
      }
    }
    return new Recommendation()
        .site(site)
        .score(reasons.stream().mapToInt(Reason::getPoints).sum())
        .reasons(reasons)
        .requirementsMet(met)
        .nearestHospitalMeters(nearestHospitalMeters == null ? null : Locations.meters(nearestHospitalMeters));
  }

  private static Reason reason(String code, String text, int points) {
    return new Reason().code(code).text(text).points(points);
  }
}
