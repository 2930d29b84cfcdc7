package org.healthportal.fhir;

import org.healthportal.platform.http.Problem;
import org.healthportal.platform.search.NearQuery;

/**
 * FHIR's {@code near=lat|lng|distance|unit}, turned into the API's near-me query. The radius is the
 * API's too (default 10 km, at most 50 km), so both answer the same search with the same listings.
 */
final class FhirNear {

  private FhirNear() {}

  static NearQuery parse(String value) {
    String[] parts = value.split("\\|", -1);
    if (parts.length < 2 || parts.length > 4) throw invalid("must be lat|lng|distance|unit, e.g. 36.65|117.12|5|km");
    double lat = number(parts[0], "latitude");
    double lng = number(parts[1], "longitude");
    if (lat < -90 || lat > 90) throw invalid("latitude must be from -90 to 90");
    if (lng < -180 || lng > 180) throw invalid("longitude must be from -180 to 180");
    double km = NearQuery.DEFAULT_RADIUS_KM;
    if (parts.length >= 3 && !parts[2].isEmpty()) {
      String unit = parts.length == 4 && !parts[3].isEmpty() ? parts[3] : "km";
      double distance = number(parts[2], "distance");
      km = switch (unit) {
        case "km" -> distance;
        case "m" -> distance / 1000;
        default -> throw invalid("unit must be km or m (UCUM), not " + unit);
      };
    } else if (parts.length == 4 && !parts[3].isEmpty()) {
      throw invalid("a unit needs a distance");
    }
    if (!(km > 0) || km > NearQuery.MAX_RADIUS_KM) {
      throw invalid("distance must be more than 0 and at most " + (int) NearQuery.MAX_RADIUS_KM + " km");
    }
    return new NearQuery(lat, lng, km * 1000);
  }

  private static double number(String text, String what) {
    try {
      double v = Double.parseDouble(text);
      // Only plain decimals: no hex, no exponent, no NaN or Infinity that parseDouble would take.
      if (!text.matches("-?[0-9]+(\\.[0-9]+)?")) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw invalid(what + " must be a decimal number");
    }
  }

  private static Problem invalid(String why) {
    return Problem.invalidField("query", "near", "near: " + why);
  }
}
