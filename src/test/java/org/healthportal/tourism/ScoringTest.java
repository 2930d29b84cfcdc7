package org.healthportal.tourism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.healthportal.api.model.Accessibility;
import org.healthportal.api.model.Designation;
import org.healthportal.api.model.DesignationType;
import org.healthportal.api.model.Location;
import org.healthportal.api.model.Reason;
import org.healthportal.api.model.Recommendation;
import org.healthportal.api.model.RecommendationRequest;
import org.healthportal.api.model.TourismKind;
import org.healthportal.api.model.TourismSiteSummary;
import org.healthportal.api.model.WellnessService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Recommendation scoring without a database: each reason's points, their sum, and the ranking. */
class ScoringTest {

  static TourismSiteSummary site(String id, double lat, double lng) {
    return new TourismSiteSummary().id(UUID.fromString(id)).kind(TourismKind.HOT_SPRING).nameZh("站" + id.substring(id.length() - 2))
        .regionCode("370100").location(new Location().lat(BigDecimal.valueOf(lat)).lng(BigDecimal.valueOf(lng))).priceLevel(2);
  }

  private static RecommendationRequest request(int month) {
    return new RecommendationRequest().month(month);
  }

  @Test
  void everyFactOfTheSiteCountsAndTheScoreIsTheSumOfTheReasons() {
    TourismSiteSummary site = site("00000000-0000-4000-8000-000000000001", 36.6, 117.1)
        .bestMonths(new ArrayList<>(List.of(4, 5, 10)))
        .services(new ArrayList<>(List.of(WellnessService.HOT_SPRING_THERAPY, WellnessService.TCM_THERAPY, WellnessService.FARM_STAY)))
        .designations(new ArrayList<>(List.of(new Designation().type(DesignationType.PROVINCIAL_HEALTH_TOURISM_DEMO_BASE).year(2020),
            new Designation().type(DesignationType.NATIONAL_5A_SCENIC_AREA).year(2015))))
        .accessibility(new ArrayList<>(List.of(Accessibility.WHEELCHAIR, Accessibility.ELDERLY_LODGING, Accessibility.MEDICAL_POINT)))
        .distanceMeters(BigDecimal.valueOf(75_000));
    RecommendationRequest request = request(5).maxDistanceKm(BigDecimal.valueOf(100))
        .services(new java.util.LinkedHashSet<>(List.of(WellnessService.TCM_THERAPY, WellnessService.HOT_SPRING_THERAPY, WellnessService.REHABILITATION)))
        .mobility(new java.util.LinkedHashSet<>(List.of(Accessibility.MEDICAL_POINT)));

    Recommendation r = Scoring.score(request, site, 4_000.0, List.of("open in May"));

    assertThat(r.getReasons()).extracting(Reason::getCode, Reason::getText, Reason::getPoints).containsExactly(
        tuple("best_month", "at its best in May", 25),
        // wanted services in the enum's order, only the offered ones
        tuple("service", "offers hot-spring therapy", 10),
        tuple("service", "offers TCM therapy", 10),
        tuple("designation", "provincial health-tourism demonstration base (2020)", 8),
        tuple("designation", "national 5A scenic area (2015)", 4),
        tuple("hospital_nearby", "hospital 4.0 km away", 20),
        // 75 km of a 100 km maximum: a quarter of the 20 points
        tuple("near_origin", "75.0 km from your starting point", 5),
        // the medical point was asked for (a requirement, not a bonus); the lodging was not
        tuple("elderly_lodging", "elderly-friendly lodging", 5));
    assertThat(r.getScore()).isEqualTo(25 + 10 + 10 + 8 + 4 + 20 + 5 + 5);
    assertThat(r.getRequirementsMet()).containsExactly("open in May");
    assertThat(r.getNearestHospitalMeters()).isEqualByComparingTo("4000.00");
    assertThat(r.getSite()).isSameAs(site);
  }

  @Test
  void aSiteWithNothingToSayForItScoresZero() {
    Recommendation r = Scoring.score(request(1), site("00000000-0000-4000-8000-000000000002", 36, 117), null, List.of());
    assertThat(r.getReasons()).isEmpty();
    assertThat(r.getScore()).isZero();
    assertThat(r.getNearestHospitalMeters()).isNull();
  }

  /** Bands are inclusive at their upper bound; beyond the last band there is no reason at all. */
  @ParameterizedTest
  @CsvSource({"0, 20", "5000, 20", "5000.01, 12", "15000, 12", "15000.01, 5", "30000, 5", "30000.01, 0", "250000, 0"})
  void theNearestHospitalCountsByDistanceBand(double meters, int points) {
    Recommendation r = Scoring.score(request(1), site("00000000-0000-4000-8000-000000000003", 36, 117), meters, List.of());
    assertThat(r.getScore()).isEqualTo(points);
    assertThat(r.getReasons()).hasSize(points == 0 ? 0 : 1);
  }

  /** Nearness falls linearly from 20 points at the origin to none at the maximum distance (300 km without one). */
  @ParameterizedTest
  @CsvSource({
      "0, , 20", "150000, , 10", "292500, , 1", "292501, , 0", "300000, , 0", "400000, , 0",
      "0, 50, 20", "12500, 50, 15", "25000, 50, 10", "50000, 50, 0"})
  void nearnessToTheOriginScalesWithTheMaximumDistance(double meters, Integer maxKm, int points) {
    RecommendationRequest request = request(1).maxDistanceKm(maxKm == null ? null : BigDecimal.valueOf(maxKm));
    TourismSiteSummary site = site("00000000-0000-4000-8000-000000000004", 36, 117).distanceMeters(BigDecimal.valueOf(meters));
    Recommendation r = Scoring.score(request, site, null, List.of());
    assertThat(r.getScore()).isEqualTo(points);
    assertThat(r.getReasons()).extracting(Reason::getCode).containsExactlyElementsOf(points == 0 ? List.of() : List.of("near_origin"));
  }

  @Test
  void rankingIsByScoreThenDistanceThenIdSoItIsTotal() {
    Recommendation high = ranked("00000000-0000-4000-8000-0000000000ff", 30, 90_000.0);
    Recommendation nearer = ranked("00000000-0000-4000-8000-0000000000fe", 20, 1_000.0);
    Recommendation fartherLowId = ranked("00000000-0000-4000-8000-000000000001", 20, 2_000.0);
    Recommendation fartherHighId = ranked("00000000-0000-4000-8000-000000000002", 20, 2_000.0);
    Recommendation noOrigin = ranked("00000000-0000-4000-8000-000000000000", 20, null);
    List<Recommendation> all = new ArrayList<>(List.of(noOrigin, fartherHighId, fartherLowId, nearer, high));
    all.sort(Scoring.RANKING);
    assertThat(all).containsExactly(high, nearer, fartherLowId, fartherHighId, noOrigin);
  }

  private static Recommendation ranked(String id, int score, Double distance) {
    return new Recommendation().score(score).site(site(id, 36, 117).distanceMeters(distance == null ? null : BigDecimal.valueOf(distance)));
  }
}
