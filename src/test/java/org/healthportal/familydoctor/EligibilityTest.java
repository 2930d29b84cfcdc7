package org.healthportal.familydoctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which service packages a person qualifies for, and why, without a database. */
class EligibilityTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
  private static final JsonObject BASIC = pack("basic", null, null);
  private static final JsonObject ELDERLY = pack("elderly_65", 65, null);
  private static final JsonObject CHILD = pack("child_0_6", 0, 6);
  private static final JsonObject CHRONIC = pack("chronic", null, null, "hypertension", "diabetes_t2");
  private static final JsonObject ELDERLY_CHRONIC = pack("elderly_chronic", 65, null, "hypertension");

  private static JsonObject pack(String code, Integer minAge, Integer maxAge, String... conditions) {
    return new JsonObject().put("code", code).put("minAge", minAge).put("maxAge", maxAge).put("conditions", new JsonArray(List.of(conditions)));
  }

  private static JsonObject item(JsonObject result, String code) {
    return result.getJsonArray("items").stream().map(JsonObject.class::cast).filter(i -> code.equals(i.getString("code"))).findFirst().orElseThrow();
  }

  @Test
  void everyPackageIsAnsweredInItsOrderWithReasons() {
    JsonObject result = Eligibility.evaluate(List.of(BASIC, ELDERLY, CHILD, CHRONIC, ELDERLY_CHRONIC), LocalDate.of(1950, 3, 1),
        List.of("hypertension"), TODAY);
    assertThat(result.getInteger("age")).isEqualTo(76);
    assertThat(result.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("code")))
        .containsExactly("basic", "elderly_65", "child_0_6", "chronic", "elderly_chronic");
    assertThat(item(result, "basic")).isEqualTo(new JsonObject().put("code", "basic").put("eligible", true)
        .put("reasons", new JsonArray().add("open to every resident")));
    assertThat(item(result, "elderly_65").getBoolean("eligible")).isTrue();
    assertThat(item(result, "elderly_65").getJsonArray("reasons")).containsExactly("age 76 is within 65 and over");
    assertThat(item(result, "child_0_6").getBoolean("eligible")).isFalse();
    assertThat(item(result, "child_0_6").getJsonArray("reasons")).containsExactly("age 76 is outside 0–6");
    assertThat(item(result, "chronic").getBoolean("eligible")).isTrue();
    assertThat(item(result, "chronic").getJsonArray("reasons")).containsExactly("declared condition hypertension");
    assertThat(item(result, "elderly_chronic").getBoolean("eligible")).isTrue();
    assertThat(item(result, "elderly_chronic").getJsonArray("reasons"))
        .containsExactly("age 76 is within 65 and over", "declared condition hypertension");
  }

  @Test
  void aPackageForAConditionNeedsOneOfItsConditionsDeclared() {
    JsonObject none = Eligibility.evaluate(List.of(CHRONIC), LocalDate.of(1980, 1, 1), List.of(), TODAY);
    assertThat(item(none, "chronic").getBoolean("eligible")).isFalse();
    assertThat(item(none, "chronic").getJsonArray("reasons")).containsExactly("needs one of the declared conditions [hypertension, diabetes_t2]");
    JsonObject other = Eligibility.evaluate(List.of(CHRONIC), LocalDate.of(1980, 1, 1), List.of("tuberculosis"), TODAY);
    assertThat(item(other, "chronic").getBoolean("eligible")).isFalse();
    JsonObject both = Eligibility.evaluate(List.of(CHRONIC), LocalDate.of(1980, 1, 1), List.of("diabetes_t2", "hypertension"), TODAY);
    assertThat(item(both, "chronic").getJsonArray("reasons")).containsExactly("declared condition hypertension, diabetes_t2");
  }

  @Test
  void ageAndConditionMustBothHold() {
    JsonObject young = Eligibility.evaluate(List.of(ELDERLY_CHRONIC), LocalDate.of(1980, 1, 1), List.of("hypertension"), TODAY);
    assertThat(item(young, "elderly_chronic").getBoolean("eligible")).isFalse();
    assertThat(item(young, "elderly_chronic").getJsonArray("reasons"))
        .containsExactly("age 46 is outside 65 and over", "declared condition hypertension");
    JsonObject healthy = Eligibility.evaluate(List.of(ELDERLY_CHRONIC), LocalDate.of(1940, 1, 1), List.of(), TODAY);
    assertThat(item(healthy, "elderly_chronic").getBoolean("eligible")).isFalse();
  }

  /** Age in whole years, birthday included: the day before the 65th birthday is 64; bounds are inclusive. */
  @ParameterizedTest
  @CsvSource({
      "1961-11-29, elderly_65, 64, false", "1961-11-28, elderly_65, 65, true", "1961-11-27, elderly_65, 65, true",
      "2026-11-28, child_0_6, 0, true", "2019-11-28, child_0_6, 7, false", "2019-11-29, child_0_6, 6, true",
      "1960-02-29, elderly_65, 66, true"})
  void ageBoundaries(LocalDate birth, String code, int age, boolean eligible) {
    JsonObject result = Eligibility.evaluate(List.of(ELDERLY, CHILD), birth, List.of(), TODAY);
    assertThat(result.getInteger("age")).isEqualTo(age);
    assertThat(item(result, code).getBoolean("eligible")).isEqualTo(eligible);
  }

  @Test
  void aBirthdayOnTheTwentyNinthOfFebruaryCountsOnTheFirstOfMarchInOtherYears() {
    assertThat(Eligibility.evaluate(List.of(ELDERLY), LocalDate.of(1960, 2, 29), List.of(), LocalDate.of(2025, 2, 28)).getInteger("age"))
        .isEqualTo(64);
    assertThat(Eligibility.evaluate(List.of(ELDERLY), LocalDate.of(1960, 2, 29), List.of(), LocalDate.of(2025, 3, 1)).getInteger("age"))
        .isEqualTo(65);
  }
}
