package org.healthportal.facilities;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healthportal.api.model.Beds;
import org.healthportal.api.model.CareLevel;
import org.healthportal.api.model.Facility;
import org.healthportal.api.model.FacilityKind;
import org.healthportal.api.model.FacilitySummary;
import org.healthportal.api.model.Insurance;
import org.healthportal.platform.search.Locations;
import org.healthportal.api.model.Medical;
import org.healthportal.api.model.Ownership;
import org.healthportal.api.model.Price;

/** Maps database rows to the contract's models. */
final class FacilityRows {

  private FacilityRows() {}

  /** Columns of {@link #facility} for {@code FROM facility f}: the facility row plus its care rows as one JSON array. */
  static final String FACILITY_COLUMNS = "f.*, COALESCE((SELECT json_agg(json_build_object("
      + "'level', c.care_level, 'total', c.beds_total, 'free', c.beds_free, 'nursing', c.beds_nursing,"
      + " 'reportedAt', c.beds_reported_at, 'min', c.price_min, 'max', c.price_max)"
      + " ORDER BY array_position(" + FacilitySearchSql.CARE_LEVEL_ORDER + ", c.care_level))"
      + " FROM facility_care c WHERE c.facility_id = f.id), '[]'::json) AS care";

  static final String FACILITY_SELECT = "SELECT " + FACILITY_COLUMNS + " FROM facility f";

  static Facility facility(Row r) {
    List<CareLevel> levels = new ArrayList<>();
    List<Beds> beds = new ArrayList<>();
    List<Price> prices = new ArrayList<>();
    JsonArray care = (JsonArray) r.getJson("care");
    for (int i = 0; i < care.size(); i++) {
      JsonObject c = care.getJsonObject(i);
      CareLevel level = CareLevel.fromValue(c.getString("level"));
      levels.add(level);
      String reported = c.getString("reportedAt");
      beds.add(new Beds().careLevel(level).total(c.getInteger("total")).free(c.getInteger("free")).nursing(c.getInteger("nursing"))
          .reportedAt(reported == null ? null : OffsetDateTime.parse(reported).withOffsetSameInstant(ZoneOffset.UTC)).stale(false));
      if (c.getInteger("min") != null || c.getInteger("max") != null) {
        prices.add(new Price().careLevel(level).minMonthly(c.getInteger("min")).maxMonthly(c.getInteger("max")));
      }
    }
    return new Facility()
        .id(r.getUUID("id"))
        .kind(FacilityKind.fromValue(r.getString("kind")))
        .nameZh(r.getString("name_zh"))
        .nameEn(r.getString("name_en"))
        .addressZh(r.getString("address_zh"))
        .addressEn(r.getString("address_en"))
        .regionCode(r.getString("region_code"))
        .location(Locations.fromRow(r))
        .phone(r.getString("phone"))
        .openingHours(r.getString("opening_hours"))
        .ownership(Ownership.fromValue(r.getString("ownership")))
        .rating(r.getInteger("rating"))
        .services(Arrays.asList(r.getArrayOfStrings("services")))
        .medical(new Medical()
            .onSiteClinic(r.getBoolean("on_site_clinic"))
            .doctorVisits(r.getBoolean("doctor_visits"))
            .emergency(r.getBoolean("emergency"))
            .partnerHospital(r.getString("partner_hospital"))
            .greenChannel(r.getBoolean("green_channel")))
        .insurance(new Insurance().medicalInsurance(r.getBoolean("medical_insurance")).ltcInsurance(r.getBoolean("ltc_insurance")))
        .careLevels(levels)
        .beds(beds)
        .prices(prices)
        .status(Facility.StatusEnum.fromValue(r.getString("status")))
        .version(r.getInteger("version"))
        .demo(r.getBoolean("demo"))
        .updatedAt(r.getOffsetDateTime("updated_at").withOffsetSameInstant(ZoneOffset.UTC));
  }

  static FacilitySummary summary(Row r) {
    return summaryFields(r)
        .freeBeds(r.getInteger("free_beds"))
        .minMonthlyPrice(r.getInteger("price"))
        .distanceMeters(Locations.distanceFromRow(r));
  }

  /** A summary without what depends on the search: beds and price (of a care level), and distance. */
  static FacilitySummary summaryFields(Row r) {
    return new FacilitySummary()
        .id(r.getUUID("id"))
        .kind(FacilityKind.fromValue(r.getString("kind")))
        .nameZh(r.getString("name_zh"))
        .nameEn(r.getString("name_en"))
        .regionCode(r.getString("region_code"))
        .addressZh(r.getString("address_zh"))
        .location(Locations.fromRow(r))
        .rating(r.getInteger("rating"))
        .careLevels(Arrays.stream(r.getArrayOfStrings("care_levels")).map(CareLevel::fromValue).toList())
        .medicalInsurance(r.getBoolean("medical_insurance"))
        .ltcInsurance(r.getBoolean("ltc_insurance"));
  }

}
