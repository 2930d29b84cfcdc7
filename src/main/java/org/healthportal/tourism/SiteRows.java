package org.healthportal.tourism;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healthportal.api.model.Accessibility;
import org.healthportal.api.model.Designation;
import org.healthportal.api.model.DesignationType;
import org.healthportal.platform.search.Locations;
import org.healthportal.api.model.TourismKind;
import org.healthportal.api.model.TourismSite;
import org.healthportal.api.model.TourismSiteSummary;
import org.healthportal.api.model.WellnessService;

/** Maps site rows to the contract's models. */
final class SiteRows {

  private SiteRows() {}

  static final String SUMMARY_COLUMNS = "s.id, s.kind, s.name_zh, s.name_en, s.region_code, s.lat, s.lng, s.designations,"
      + " s.open_months, s.best_months, s.accessibility, s.services, s.price_level";

  static TourismSiteSummary summary(Row r) {
    return summaryFields(r).distanceMeters(Locations.distanceFromRow(r));
  }

  /** A summary without the distance (which depends on the search). */
  static TourismSiteSummary summaryFields(Row r) {
    return new TourismSiteSummary()
        .id(r.getUUID("id"))
        .kind(TourismKind.fromValue(r.getString("kind")))
        .nameZh(r.getString("name_zh"))
        .nameEn(r.getString("name_en"))
        .regionCode(r.getString("region_code"))
        .location(Locations.fromRow(r))
        .designations(designations(r))
        .bestMonths(months(r, "best_months"))
        .accessibility(Arrays.stream(r.getArrayOfStrings("accessibility")).map(Accessibility::fromValue).toList())
        .services(Arrays.stream(r.getArrayOfStrings("services")).map(WellnessService::fromValue).toList())
        .priceLevel((int) r.getShort("price_level"));
  }

  static TourismSite site(Row r) {
    TourismSiteSummary s = summary(r);
    return new TourismSite()
        .id(s.getId()).kind(s.getKind()).nameZh(s.getNameZh()).nameEn(s.getNameEn())
        .descriptionZh(r.getString("description_zh")).descriptionEn(r.getString("description_en"))
        .regionCode(s.getRegionCode()).location(s.getLocation()).designations(s.getDesignations())
        .openMonths(months(r, "open_months")).bestMonths(s.getBestMonths())
        .accessibility(s.getAccessibility()).services(s.getServices()).priceLevel(s.getPriceLevel())
        .openingHours(r.getString("opening_hours")).phone(r.getString("phone")).website(r.getString("website"))
        .status(TourismSite.StatusEnum.fromValue(r.getString("status")))
        .version(r.getInteger("version"))
        .demo(r.getBoolean("demo"))
        .updatedAt(r.getOffsetDateTime("updated_at").withOffsetSameInstant(ZoneOffset.UTC));
  }


  private static List<Integer> months(Row r, String column) {
    return Arrays.stream(r.getArrayOfShorts(column)).map(Short::intValue).sorted().toList();
  }

  private static List<Designation> designations(Row r) {
    List<Designation> result = new ArrayList<>();
    JsonArray json = (JsonArray) r.getJson("designations");
    for (int i = 0; i < json.size(); i++) {
      JsonObject d = json.getJsonObject(i);
      result.add(new Designation().type(DesignationType.fromValue(d.getString("type"))).year(d.getInteger("year")));
    }
    return result;
  }

  /** The JSON stored for designations. */
  static JsonArray designationsJson(List<Designation> designations) {
    JsonArray json = new JsonArray();
    designations.forEach(d -> json.add(new JsonObject().put("type", d.getType().toString()).put("year", d.getYear())));
    return json;
  }

}
