package org.healthportal.facilities;

/**
 * The columns a facility is created with, in the order of the repository's INSERT parameters; the
 * demo loader ({@code generator.FacilityLoader}) writes the same ones, so the two cannot drift.
 * Compile-time constants: using them adds no dependency on this package at run time.
 */
public final class FacilityColumns {

  /** {@code facility} columns set when a facility is created. */
  public static final String CREATED = "id, kind, name_zh, name_en, address_zh, address_en, region_code, lat, lng,"
      + " phone, opening_hours, ownership, rating, services, on_site_clinic, doctor_visits, emergency, partner_hospital,"
      + " green_channel, medical_insurance, ltc_insurance";
  /** How many columns {@link #CREATED} names. */
  public static final int CREATED_COUNT = 21;

  private FacilityColumns() {}
}
