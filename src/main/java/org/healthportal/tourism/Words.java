package org.healthportal.tourism;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.Locale;
import org.healthportal.api.model.Accessibility;
import org.healthportal.api.model.DesignationType;
import org.healthportal.api.model.TourismKind;
import org.healthportal.api.model.WellnessService;

/** How site attributes read in recommendation reasons and explanations. */
final class Words {

  private Words() {}

  static String month(int month) {
    return Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
  }

  static String km(double meters) {
    return String.format(Locale.ROOT, "%.1f km", meters / 1000);
  }

  static String kind(TourismKind kind) {
    return switch (kind) {
      case SEASIDE -> "seaside";
      case MOUNTAIN_FOREST -> "mountain and forest";
      case HOT_SPRING -> "hot spring";
      case RURAL -> "rural";
      case TCM -> "TCM health-tourism";
    };
  }

  static String accessibility(Accessibility feature) {
    return switch (feature) {
      case STEP_FREE -> "step-free";
      case WHEELCHAIR -> "wheelchair accessible";
      case ELDERLY_LODGING -> "elderly-friendly lodging";
      case MEDICAL_POINT -> "medical point on site";
    };
  }

  static String service(WellnessService service) {
    return switch (service) {
      case FOREST_BATHING -> "forest bathing";
      case HOT_SPRING_THERAPY -> "hot-spring therapy";
      case TCM_THERAPY -> "TCM therapy";
      case HEALTH_CHECKUP -> "health check-ups";
      case REHABILITATION -> "rehabilitation";
      case PHYSIOTHERAPY -> "physiotherapy";
      case THALASSOTHERAPY -> "sea-water therapy";
      case FARM_STAY -> "farm stays";
    };
  }

  static String designation(DesignationType type) {
    return switch (type) {
      case PROVINCIAL_HEALTH_TOURISM_DEMO_BASE -> "provincial health-tourism demonstration base";
      case NATIONAL_FOREST_WELLNESS_BASE -> "national forest wellness base";
      case NATIONAL_TCM_HEALTH_TOURISM_DEMO_BASE -> "national TCM health-tourism demonstration base";
      case NATIONAL_5A_SCENIC_AREA -> "national 5A scenic area";
      case NATIONAL_TOURISM_RESORT -> "national tourism resort";
    };
  }
}
