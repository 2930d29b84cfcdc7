package org.healthportal.familydoctor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/** Which service packages a person qualifies for, with the reasons in words a person can read. */
final class Eligibility {

  private Eligibility() {}

  /** @param packages rows of {@code service_package} as JSON (code, minAge, maxAge, conditions) */
  static JsonObject evaluate(List<JsonObject> packages, LocalDate birthDate, List<String> conditions, LocalDate today) {
    int age = Period.between(birthDate, today).getYears();
    JsonArray items = new JsonArray();
    for (JsonObject p : packages) {
      List<String> reasons = new ArrayList<>();
      boolean eligible = true;
      Integer min = p.getInteger("minAge");
      Integer max = p.getInteger("maxAge");
      if (min != null || max != null) {
        boolean inRange = (min == null || age >= min) && (max == null || age <= max);
        eligible = inRange;
        reasons.add("age " + age + (inRange ? " is within " : " is outside ") + range(min, max));
      }
      List<String> wanted = p.getJsonArray("conditions").stream().map(String::valueOf).toList();
      if (!wanted.isEmpty()) {
        List<String> matched = wanted.stream().filter(conditions::contains).toList();
        eligible = eligible && !matched.isEmpty();
        reasons.add(matched.isEmpty() ? "needs one of the declared conditions " + wanted : "declared condition " + String.join(", ", matched));
      }
      if (reasons.isEmpty()) reasons.add("open to every resident");
      items.add(new JsonObject().put("code", p.getString("code")).put("eligible", eligible).put("reasons", new JsonArray(reasons)));
    }
    return new JsonObject().put("age", age).put("items", items);
  }

  private static String range(Integer min, Integer max) {
    if (min != null && max != null) return min + "–" + max;
    return min != null ? min + " and over" : "up to " + max;
  }
}
