package org.healthportal.facilities.generator;

import static org.healthportal.facilities.generator.NameParts.BRANDS;
import static org.healthportal.facilities.generator.NameParts.NUMERALS_ZH;
import static org.healthportal.facilities.generator.NameParts.place;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.healthportal.facilities.generator.Geography.District;

/**
 * The kinds of facility the generator makes, each with how it looks ({@link Profile}): the care
 * kinds, which accept care levels, and the medical ones, with their shares of a set.
 */
final class FacilityProfiles {

  private FacilityProfiles() {}

  static final List<String> SERVICES = List.of("meals", "bathing_assistance", "rehabilitation",
      "tcm_therapy", "dementia_care", "palliative_care", "day_care", "home_visits", "health_checkups",
      "chronic_disease_management", "vaccination", "family_doctor_services");
  /** Marks dementia_care as offered exactly where the dementia care level is accepted. */
  static final double IF_DEMENTIA = -1;

  /**
   * How one kind of facility looks: its names, the care it accepts, its services, medical and insurance
   * traits. Numbers are chances (0..1) unless said otherwise.
   */
  static final class Profile {
    final String kind;
    final double weight;           // share within the care or the medical part of a set
    boolean care;                  // accepts care levels (has facility_care rows)
    List<String[]> names = List.of();
    double[] levels;               // self_care, partial_disability, full_disability, dementia
    int bedsMin;
    int bedsMax;
    double tierLo;                 // where its prices sit in each level's band, 0 cheap .. 1 dear
    double tierHi;
    double nursingBias;            // added to the usual nursing-bed share
    double[] services;             // per SERVICES entry
    double clinic;
    double visits;
    double emergency;
    double partner;
    double medicalInsurance;
    double ltcInsurance;
    double[] ownership;            // weights of public, private, public_built_private_run
    List<String> hours;

    Profile(String kind, double weight) {
      this.kind = kind;
      this.weight = weight;
    }

    /** Templates "zh|en": {d}/{D} district, {c}/{C} city, {p}/{P} place, {b}/{B} brand, {n}/{N} number. */
    Profile names(String... templates) {
      names = Stream.of(templates).map(t -> t.split("\\|")).toList();
      return this;
    }

    Profile care(double selfCare, double partial, double full, double dementia, int bedsMin, int bedsMax) {
      this.care = true;
      this.levels = new double[] {selfCare, partial, full, dementia};
      this.bedsMin = bedsMin;
      this.bedsMax = bedsMax;
      return this;
    }

    Profile prices(double tierLo, double tierHi, double nursingBias) {
      this.tierLo = tierLo;
      this.tierHi = tierHi;
      this.nursingBias = nursingBias;
      return this;
    }

    /** Chances in the order of {@link FacilityProfiles#SERVICES}. */
    Profile services(double... chances) {
      this.services = chances;
      return this;
    }

    Profile medical(double clinic, double visits, double emergency, double partner) {
      this.clinic = clinic;
      this.visits = visits;
      this.emergency = emergency;
      this.partner = partner;
      return this;
    }

    Profile insurance(double medical, double ltc) {
      this.medicalInsurance = medical;
      this.ltcInsurance = ltc;
      return this;
    }

    Profile ownership(double publicly, double privately, double publicBuiltPrivateRun) {
      this.ownership = new double[] {publicly, privately, publicBuiltPrivateRun};
      return this;
    }

    Profile hours(String... options) {
      this.hours = List.of(options);
      return this;
    }

    /** A candidate {zh, en} name in district {@code d}. */
    String[] name(District d, SplittableRandom r) {
      String[] t = names.get(r.nextInt(names.size()));
      String[] place = place(r);
      String[] brand = BRANDS[r.nextInt(BRANDS.length)];
      int n = 1 + r.nextInt(9);
      return new String[] {
          fill(t[0], d.zh, d.city.zh, place[0], brand[0], NUMERALS_ZH[n]),
          fill(t[1], d.shortEn, d.city.en, place[1], brand[1], Integer.toString(n))};
    }

    private static String fill(String t, String district, String city, String place, String brand, String n) {
      return t.replace("{d}", district).replace("{D}", district).replace("{c}", city).replace("{C}", city)
          .replace("{p}", place).replace("{P}", place).replace("{b}", brand).replace("{B}", brand)
          .replace("{n}", n).replace("{N}", n);
    }
  }

  // services(...) order: meals, bathing_assistance, rehabilitation, tcm_therapy, dementia_care,
  // palliative_care, day_care, home_visits, health_checkups, chronic_disease_management, vaccination,
  // family_doctor_services. Kinds without care(...) are medical: they get no facility_care rows.
  static final double IFD = IF_DEMENTIA;
  static final List<Profile> CARE_PROFILES = List.of(
      new Profile("elderly_care_home", 26)
          .names("{d}{b}养老院|{D} {B} Elderly Care Home", "{d}{b}老年公寓|{D} {B} Senior Apartments",
              "{d}{b}颐养院|{D} {B} Elderly Care Centre", "{d}{p}街道养老服务中心|{D} {P} Subdistrict Elderly Care Centre")
          .care(0.85, 0.75, 0.55, 0.25, 30, 300).prices(0, 1, 0)
          .services(0.95, 0.7, 0.5, 0.3, IFD, 0.1, 0.1, 0.2, 0.6, 0.4, 0, 0)
          .medical(0.5, 0.6, 0, 0.55).insurance(0.4, 0.35).ownership(0.25, 0.5, 0.25).hours("24/7"),
      new Profile("combined_medical_elderly_care", 14)
          .names("{d}{b}医养中心|{D} {B} Medical and Elderly Care Centre",
              "{d}{b}医养结合养老院|{D} {B} Combined Medical and Elderly Care Home",
              "{d}{b}康养中心|{D} {B} Health and Elderly Care Centre")
          .care(0.6, 0.85, 0.9, 0.45, 60, 300).prices(0.3, 1, 0.1)
          .services(0.95, 0.8, 0.8, 0.5, IFD, 0.3, 0.1, 0.3, 0.8, 0.8, 0, 0.2)
          .medical(1, 0.7, 0.05, 0.4).insurance(0.9, 0.6).ownership(0.3, 0.5, 0.2).hours("24/7"),
      new Profile("nursing_home", 8)
          .names("{d}{b}护理院|{D} {B} Nursing Home", "{d}{b}护理中心|{D} {B} Nursing Centre")
          .care(0.2, 0.7, 0.95, 0.45, 40, 200).prices(0.3, 1, 0.15)
          .services(0.95, 0.85, 0.7, 0.3, IFD, 0.3, 0, 0.1, 0.6, 0.7, 0, 0)
          .medical(0.9, 0.6, 0, 0.6).insurance(0.85, 0.7).ownership(0.2, 0.7, 0.1).hours("24/7"),
      new Profile("geriatric_hospital", 4)
          .names("{d}{b}老年病医院|{D} {B} Geriatric Hospital", "{c}老年病医院{p}院区|{C} Geriatric Hospital {P} Campus")
          .care(0.15, 0.6, 0.9, 0.45, 60, 300).prices(0.4, 1, 0.15)
          .services(0.8, 0.5, 0.8, 0.5, IFD, 0.4, 0, 0.1, 0.8, 0.9, 0, 0)
          .medical(1, 0.2, 0.4, 0.3).insurance(0.95, 0.5).ownership(0.5, 0.45, 0.05).hours("24/7"),
      new Profile("rehabilitation_hospital", 5)
          .names("{d}{b}康复医院|{D} {B} Rehabilitation Hospital", "{c}{b}康复医院|{C} {B} Rehabilitation Hospital")
          .care(0.2, 0.9, 0.7, 0.1, 40, 250).prices(0.4, 1, 0.1)
          .services(0.7, 0.3, 1, 0.6, IFD, 0.1, 0, 0.1, 0.6, 0.5, 0, 0)
          .medical(1, 0.2, 0.1, 0.4).insurance(0.95, 0.3).ownership(0.4, 0.55, 0.05).hours("24/7"),
      new Profile("hospice", 4)
          .names("{d}{b}安宁疗护中心|{D} {B} Hospice", "{d}{b}关怀医院|{D} {B} Palliative Care Hospital")
          .care(0, 0.15, 0.95, 0.15, 10, 60).prices(0.4, 1, 0.15)
          .services(0.9, 0.8, 0.2, 0.2, IFD, 1, 0, 0.3, 0.2, 0.3, 0, 0)
          .medical(0.9, 0.5, 0, 0.6).insurance(0.9, 0.4).ownership(0.5, 0.4, 0.1).hours("24/7"),
      new Profile("day_care_centre", 13)
          .names("{d}{p}社区日间照料中心|{D} {P} Community Day Care Centre",
              "{d}{p}街道老年人日间照料中心|{D} {P} Subdistrict Senior Day Care Centre")
          .care(0.95, 0.5, 0.05, 0.2, 10, 40).prices(0, 0.4, -0.05)
          .services(0.95, 0.5, 0.3, 0.3, IFD, 0, 1, 0.4, 0.5, 0.2, 0, 0)
          .medical(0.2, 0.5, 0, 0.4).insurance(0.1, 0.1).ownership(0.3, 0.2, 0.5)
          .hours("Mo-Fr 08:00-17:30", "Mo-Sa 07:30-18:00", "Mo-Su 08:00-17:00"),
      new Profile("community_elderly_care_station", 14)
          .names("{d}{p}社区养老服务站|{D} {P} Community Elderly Care Station",
              "{d}{p}社区长者驿站|{D} {P} Community Senior Station")
          .care(0.9, 0.45, 0.05, 0.1, 10, 30).prices(0, 0.35, -0.05)
          .services(0.8, 0.3, 0.2, 0.2, IFD, 0, 0.6, 0.8, 0.5, 0.3, 0, 0)
          .medical(0.15, 0.6, 0, 0.4).insurance(0.1, 0.15).ownership(0.3, 0.2, 0.5)
          .hours("Mo-Fr 08:30-17:00", "Mo-Su 08:00-18:00"),
      new Profile("rural_welfare_home", 12)
          .names("{d}{p}镇敬老院|{D} {P} Town Welfare Home", "{d}{p}镇中心敬老院|{D} {P} Town Central Welfare Home")
          .care(0.95, 0.55, 0.35, 0.05, 20, 150).prices(0, 0.3, -0.05)
          .services(0.98, 0.5, 0.1, 0.1, IFD, 0, 0, 0.1, 0.4, 0.2, 0, 0)
          .medical(0.2, 0.5, 0, 0.5).insurance(0.2, 0.1).ownership(0.8, 0, 0.2).hours("24/7"));

  static final List<Profile> MEDICAL_PROFILES = List.of(
      new Profile("community_health_station", 70)
          .names("{d}{p}社区卫生服务站|{D} {P} Community Health Service Station")
          .services(0, 0, 0.2, 0.4, 0, 0, 0, 0.6, 0.8, 0.9, 0.3, 0.9)
          .medical(1, 0.7, 0.02, 0.3).insurance(0.85, 0).ownership(0.6, 0.35, 0.05)
          .hours("Mo-Su 08:00-12:00,14:00-17:30", "Mo-Sa 08:00-17:00"),
      new Profile("township_hospital", 13)
          .names("{d}{p}镇卫生院|{D} {P} Township Hospital", "{d}{p}镇中心卫生院|{D} {P} Central Township Hospital")
          .services(0, 0, 0.5, 0.6, 0, 0.1, 0, 0.6, 0.9, 0.9, 0.95, 0.95)
          .medical(1, 0.6, 0.8, 0.3).insurance(0.98, 0.05).ownership(0.98, 0, 0.02)
          .hours("Mo-Su 08:00-17:30"),
      new Profile("community_health_centre", 11)
          .names("{d}{p}街道社区卫生服务中心|{D} {P} Subdistrict Community Health Service Centre")
          .services(0, 0, 0.6, 0.7, 0, 0.1, 0, 0.7, 0.95, 0.95, 0.9, 0.95)
          .medical(1, 0.7, 0.3, 0.3).insurance(0.98, 0.2).ownership(0.85, 0.1, 0.05)
          .hours("Mo-Su 08:00-17:30", "Mo-Fr 08:00-17:30; Sa-Su 08:00-12:00"),
      new Profile("general_hospital", 6)
          .names("{d}人民医院|{D} People's Hospital", "{d}中医医院|{D} Hospital of Traditional Chinese Medicine",
              "{c}第{n}人民医院|{C} No. {N} People's Hospital", "{c}市立医院{p}院区|{C} Municipal Hospital {P} Campus",
              "{c}中心医院{p}院区|{C} Central Hospital {P} Campus", "{d}{b}医院|{D} {B} Hospital")
          .services(0, 0, 0.9, 0.6, 0, 0.2, 0, 0, 0.9, 0.7, 0.3, 0.1)
          .medical(1, 0.1, 0.95, 0).insurance(0.98, 0).ownership(0.6, 0.38, 0.02)
          .hours("Mo-Su 08:00-17:30"));

  static final Map<String, Profile> PROFILES = new LinkedHashMap<>();
  static final double[] CARE_WEIGHTS = CARE_PROFILES.stream().mapToDouble(p -> p.weight).toArray();
  static final double[] MEDICAL_WEIGHTS = MEDICAL_PROFILES.stream().mapToDouble(p -> p.weight).toArray();

  static {
    Stream.concat(CARE_PROFILES.stream(), MEDICAL_PROFILES.stream()).forEach(p -> PROFILES.put(p.kind, p));
  }
}
