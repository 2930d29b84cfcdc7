package org.healthportal.facilities.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.healthportal.facilities.generator.FacilityGenerator.Care;
import org.healthportal.facilities.generator.FacilityGenerator.GeneratedFacility;
import org.junit.jupiter.api.Test;

/** The generator is deterministic and its facilities are plausible and consistent with the schema. */
class FacilityGeneratorTest {

  private static final Set<String> CITIES = Set.of("370100", "370200", "370300", "370400", "370500", "370600",
      "370700", "370800", "370900", "371000", "371100", "371300", "371400", "371500", "371600", "371700");
  private static final Set<String> CARE_KINDS = Set.of("elderly_care_home", "combined_medical_elderly_care",
      "nursing_home", "geriatric_hospital", "rehabilitation_hospital", "hospice", "day_care_centre",
      "community_elderly_care_station", "rural_welfare_home");
  private static final Set<String> MEDICAL_KINDS = Set.of("community_health_centre", "community_health_station",
      "township_hospital", "general_hospital");
  private static final Set<String> CARE_LEVELS = Set.of("self_care", "partial_disability", "full_disability",
      "dementia");

  private static final List<GeneratedFacility> DEMO = FacilityGenerator.demoSet();

  @Test
  void sameSeedGivesTheSameFacilities() {
    assertThat(new FacilityGenerator(7).generate(300)).isEqualTo(new FacilityGenerator(7).generate(300));
    assertThat(FacilityGenerator.demoSet()).isEqualTo(DEMO);
  }

  @Test
  void streamingGivesTheSameFacilitiesAsTheList() {
    FacilityGenerator generator = new FacilityGenerator(11);
    List<GeneratedFacility> streamed = new ArrayList<>();
    generator.generate(200, streamed::add);
    assertThat(streamed).isEqualTo(generator.generate(200)).isEqualTo(generator.stream(200).toList());
  }

  @Test
  void differentSeedsGiveDifferentFacilities() {
    List<GeneratedFacility> a = new FacilityGenerator(1).generate(50);
    List<GeneratedFacility> b = new FacilityGenerator(2).generate(50);
    assertThat(a).isNotEqualTo(b);
    assertThat(ids(a)).doesNotContainAnyElementsOf(ids(b));
  }

  @Test
  void demoSetHasTheRequestedSizeAndCoversEveryCity() {
    assertThat(DEMO).hasSize(FacilityGenerator.DEMO_COUNT).hasSize(480);
    assertThat(DEMO.stream().map(f -> city(f.regionCode())).collect(Collectors.toSet())).isEqualTo(CITIES);
  }

  @Test
  void evenFourHundredFacilitiesReachEveryCity() {
    for (long seed = 1; seed <= 5; seed++) {
      List<GeneratedFacility> set = new FacilityGenerator(seed).generate(400);
      assertThat(set.stream().map(f -> city(f.regionCode())).collect(Collectors.toSet())).isEqualTo(CITIES);
    }
  }

  @Test
  void everyFacilityIsConsistent() {
    List<GeneratedFacility> all = new ArrayList<>(DEMO);
    all.addAll(new FacilityGenerator(99).generate(5_000));
    for (GeneratedFacility f : all) {
      // Shandong's bounding box
      assertThat(f.lat()).as(f.nameZh()).isBetween(34.4, 38.4);
      assertThat(f.lng()).as(f.nameZh()).isBetween(114.8, 122.7);
      assertThat(f.regionCode()).matches("37[0-9]{4}");
      assertThat(f.id().version()).isEqualTo(4);
      assertThat(f.id().variant()).isEqualTo(2);
      assertThat(f.phone()).matches("0[0-9]{3}-[0-9]{7,8}");
      assertThat(f.ownership()).isIn("public", "private", "public_built_private_run");
      assertThat(f.services()).allMatch(s -> s.matches("[a-z][a-z0-9_]*")).doesNotHaveDuplicates();
      if (f.rating() != null) {
        assertThat(f.rating()).isBetween(1, 5);
      }
      if (f.greenChannel()) {
        assertThat(f.partnerHospital()).as("a green channel needs a partner").isNotNull();
      }
    }
  }

  @Test
  void bedsAndPricesAreConsistent() {
    List<GeneratedFacility> all = new ArrayList<>(DEMO);
    all.addAll(new FacilityGenerator(5).generate(5_000));
    for (GeneratedFacility f : all) {
      for (Care c : f.care()) {
        assertThat(c.careLevel()).isIn(CARE_LEVELS);
        assertThat(c.bedsTotal()).isPositive();
        assertThat(c.bedsFree()).isBetween(0, c.bedsTotal());
        assertThat(c.bedsNursing()).isBetween(0, c.bedsTotal());
        if (c.priceMin() != null && c.priceMax() != null) {
          assertThat(c.priceMin()).isLessThanOrEqualTo(c.priceMax());
        }
      }
      int total = f.care().stream().mapToInt(Care::bedsTotal).sum();
      if (!f.care().isEmpty()) {
        assertThat(total).isBetween(10, 300);
      }
      assertThat(f.care().stream().map(Care::careLevel)).doesNotHaveDuplicates();
    }
    // The filters have something to find on both sides.
    assertThat(all).anyMatch(f -> !f.care().isEmpty() && f.freeBeds() == 0);
    assertThat(all).anyMatch(f -> f.freeBeds() > 0);
    assertThat(all).anyMatch(f -> !f.care().isEmpty() && f.minMonthlyPrice() == null);
    assertThat(all).anyMatch(f -> f.rating() == null);
  }

  @Test
  void aboutFortyPercentOfBedsAreNursingBeds() {
    List<Care> care = DEMO.stream().flatMap(f -> f.care().stream()).toList();
    double nursing = care.stream().mapToInt(Care::bedsNursing).sum();
    double total = care.stream().mapToInt(Care::bedsTotal).sum();
    assertThat(nursing / total).isBetween(0.3, 0.5);
  }

  @Test
  void onlyCareKindsHaveCareRows() {
    List<GeneratedFacility> all = new ArrayList<>(DEMO);
    all.addAll(new FacilityGenerator(3).generate(5_000));
    for (GeneratedFacility f : all) {
      assertThat(f.kind()).isIn(union(CARE_KINDS, MEDICAL_KINDS));
      if (CARE_KINDS.contains(f.kind())) {
        assertThat(f.care()).as(f.nameZh()).isNotEmpty();
      } else {
        assertThat(f.care()).as(f.nameZh()).isEmpty();
      }
    }
    assertThat(all).filteredOn(f -> f.kind().equals("hospice"))
        .allMatch(f -> f.care().stream().noneMatch(c -> c.careLevel().equals("self_care")));
  }

  @Test
  void namesAreUniqueWithinASet() {
    List<GeneratedFacility> set = new FacilityGenerator(17).generate(20_000);
    assertThat(set.stream().map(GeneratedFacility::nameZh)).doesNotHaveDuplicates();
    assertThat(set.stream().map(GeneratedFacility::nameEn)).doesNotHaveDuplicates();
    assertThat(DEMO.stream().map(GeneratedFacility::nameZh)).doesNotHaveDuplicates();
    assertThat(DEMO.stream().map(GeneratedFacility::nameEn)).doesNotHaveDuplicates();
    assertThat(ids(DEMO)).doesNotHaveDuplicates();
    assertThat(DEMO).noneMatch(f -> f.nameZh().toUpperCase().contains("DEMO") || f.nameEn().contains("Demo"));
  }

  @Test
  void theDemoSetHasTheThreeFixedFacilities() {
    Map<UUID, GeneratedFacility> byId = DEMO.stream().collect(Collectors.toMap(GeneratedFacility::id, Function.identity()));

    GeneratedFacility careHome = byId.get(UUID.fromString("d0000000-0000-4000-8000-000000000001"));
    assertThat(careHome.kind()).isEqualTo("elderly_care_home");
    assertThat(careHome.regionCode()).isEqualTo("370102");
    assertThat(careHome.care()).extracting(Care::careLevel).containsExactlyInAnyOrderElementsOf(CARE_LEVELS);
    assertThat(careHome.care()).allMatch(c -> c.bedsFree() > 0);
    assertThat(careHome.rating()).isEqualTo(4);
    assertThat(careHome.medicalInsurance()).isTrue();
    assertThat(careHome.ltcInsurance()).isTrue();

    GeneratedFacility centre = byId.get(UUID.fromString("d0000000-0000-4000-8000-000000000002"));
    assertThat(centre.kind()).isEqualTo("community_health_centre");
    assertThat(centre.regionCode()).isEqualTo("370102");
    assertThat(centre.care()).isEmpty();
    assertThat(centre.emergency()).isFalse();
    assertThat(centre.medicalInsurance()).isTrue();

    GeneratedFacility combined = byId.get(UUID.fromString("d0000000-0000-4000-8000-000000000003"));
    assertThat(combined.kind()).isEqualTo("combined_medical_elderly_care");
    assertThat(combined.regionCode()).isEqualTo("370202");
    assertThat(combined.care()).isNotEmpty();
  }

  @Test
  void aSmallSetIsMostlyCareButEightyThousandAreMostlyPrimaryCare() {
    Map<String, Long> demo = kinds(DEMO);
    assertThat(sum(demo, CARE_KINDS)).isGreaterThan(DEMO.size() / 2);
    assertThat(demo.keySet()).containsAll(CARE_KINDS).containsAll(MEDICAL_KINDS);

    List<GeneratedFacility> large = new ArrayList<>(80_000);
    new FacilityGenerator(2024).generate(80_000, large::add);
    Map<String, Long> kinds = kinds(large);
    long primaryCare = sum(kinds, Set.of("community_health_station", "township_hospital", "community_health_centre"));
    assertThat(primaryCare).isGreaterThan(48_000);
    assertThat(sum(kinds, CARE_KINDS)).isBetween(800L, 8_000L);
    assertThat(large.stream().map(f -> city(f.regionCode())).collect(Collectors.toSet())).isEqualTo(CITIES);
  }

  private static String city(String regionCode) {
    return regionCode.substring(0, 4) + "00";
  }

  private static List<UUID> ids(List<GeneratedFacility> facilities) {
    return facilities.stream().map(GeneratedFacility::id).toList();
  }

  private static Map<String, Long> kinds(List<GeneratedFacility> facilities) {
    return facilities.stream().collect(Collectors.groupingBy(GeneratedFacility::kind, Collectors.counting()));
  }

  private static long sum(Map<String, Long> counts, Set<String> kinds) {
    return kinds.stream().mapToLong(k -> counts.getOrDefault(k, 0L)).sum();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }
}
