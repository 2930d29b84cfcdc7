package org.healthportal.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Listings.field;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.healthportal.support.TourismSites;
import org.junit.jupiter.api.Test;

/** Open-data export: every active listing, once, in order, with exactly the public columns, in both formats. */
class ExportTest {

  private static final List<String> FACILITY_COLUMNS = List.of("id", "kind", "nameZh", "nameEn", "regionCode", "addressZh", "lat", "lng",
      "phone", "openingHours", "ownership", "rating", "careLevels", "freeBeds", "minMonthlyPrice", "medicalInsurance", "ltcInsurance",
      "emergency", "version", "updatedAt", "demo");
  private static final List<String> SITE_COLUMNS = List.of("id", "kind", "nameZh", "nameEn", "regionCode", "lat", "lng", "openMonths",
      "bestMonths", "accessibility", "services", "priceLevel", "designations", "version", "updatedAt", "demo");

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final Facilities facilities = new Facilities(http);

  @Test
  void ndjsonHasEveryActiveFacilityOnceInIdOrderWithThePublicFields() throws Exception {
    Http.Response r = http.get("/v1/exports/facilities");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson");
    assertThat(r.header("Content-Disposition")).matches("attachment; filename=\"facilities-20\\d{6}\\.ndjson\"");
    // Streamed: no length is known when the head goes out (chunked in HTTP/1.1; the JDK client upgrades to HTTP/2).
    assertThat(r.header("Content-Length")).isNull();
    assertThat(r.body()).endsWith("\n");

    List<JsonObject> lines = Arrays.stream(r.body().split("\n")).map(JsonObject::new).toList();
    assertThat(lines.stream().map(l -> l.getString("id")).toList()).isEqualTo(activeIds("facility"));
    lines.forEach(l -> assertThat(l.fieldNames()).as(l.encode()).containsExactlyInAnyOrderElementsOf(FACILITY_COLUMNS));

    // The values are the directory's own.
    JsonObject exported = lines.stream().filter(l -> l.getString("id").equals(Facilities.CARE_HOME_1)).findFirst().orElseThrow();
    JsonObject detail = facilities.get(Facilities.CARE_HOME_1);
    assertThat(exported.getString("nameZh")).isEqualTo(detail.getString("nameZh"));
    assertThat(exported.getString("kind")).isEqualTo(detail.getString("kind"));
    assertThat(exported.getDouble("lat")).isEqualTo(detail.getJsonObject("location").getDouble("lat"));
    assertThat(exported.getJsonArray("careLevels")).isEqualTo(detail.getJsonArray("careLevels"));
    assertThat(exported.getInteger("version")).isEqualTo(detail.getInteger("version"));
    assertThat(exported.getString("updatedAt")).isEqualTo(detail.getString("updatedAt"));
    assertThat(exported.getBoolean("medicalInsurance")).isEqualTo(detail.getJsonObject("insurance").getBoolean("medicalInsurance"));
  }

  @Test
  void csvRoundTripsCommasQuotesAndLineBreaksAndLeavesClosedFacilitiesOut() throws Exception {
    String admin = env.token("admin1");
    String nameZh = "导出测试, \"引号\"养老院\r\n第二行\n第三行";
    String nameEn = "Export, \"Quoted\" Home";
    String id = facilities.create(admin, Facilities.newCareHome(nameZh, nameEn, 36.61, 117.02)).getString("id");

    List<List<String>> csv = csv(http.get("/v1/exports/facilities?format=csv"));
    assertThat(csv.get(0)).isEqualTo(FACILITY_COLUMNS);
    List<List<String>> rows = csv.subList(1, csv.size());
    assertThat(rows.stream().map(row -> row.get(0)).toList()).isEqualTo(activeIds("facility"));
    rows.forEach(row -> assertThat(row).hasSize(FACILITY_COLUMNS.size()));
    List<String> created = rows.stream().filter(row -> row.get(0).equals(id)).findFirst().orElseThrow();
    assertThat(created.get(FACILITY_COLUMNS.indexOf("nameZh"))).isEqualTo(nameZh);
    assertThat(created.get(FACILITY_COLUMNS.indexOf("nameEn"))).isEqualTo(nameEn);
    assertThat(created.get(FACILITY_COLUMNS.indexOf("careLevels"))).isEqualTo("self_care;full_disability");
    assertThat(created.get(FACILITY_COLUMNS.indexOf("phone"))).as("null is an empty field").isEmpty();
    assertThat(created.get(FACILITY_COLUMNS.indexOf("medicalInsurance"))).isEqualTo("true");

    Http.Response closed = http.send("POST", "/v1/facilities/" + id + "/close", admin, "application/json", "", Map.of());
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    List<List<String>> after = csv(http.get("/v1/exports/facilities?format=csv"));
    assertThat(after.stream().map(row -> row.get(0))).doesNotContain(id).hasSize(activeIds("facility").size() + 1);
    assertThat(http.get("/v1/exports/facilities").body()).doesNotContain(id);
  }

  @Test
  void theFormatComesFromTheQueryFirstThenTheAcceptHeader() {
    Http.Response csv = http.send("GET", "/v1/exports/tourism-sites", null, null, null,
        Map.of("Accept", "application/json;q=0.5, text/csv, application/x-ndjson;q=0.9"));
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(csv.header("Content-Disposition")).matches("attachment; filename=\"tourism-sites-20\\d{6}\\.csv\"");

    Http.Response ndjson = http.send("GET", "/v1/exports/tourism-sites?format=ndjson", null, null, null, Map.of("Accept", "text/csv"));
    assertThat(ndjson.header("Content-Type")).isEqualTo("application/x-ndjson");
    assertThat(http.send("GET", "/v1/exports/tourism-sites", null, null, null, Map.of("Accept", "*/*")).header("Content-Type"))
        .isEqualTo("application/x-ndjson");
  }

  @Test
  void tourismSitesHaveEveryActiveSiteInBothFormats() throws Exception {
    List<String> active = activeIds("tourism_site");

    List<JsonObject> lines = Arrays.stream(http.get("/v1/exports/tourism-sites").body().split("\n")).map(JsonObject::new).toList();
    assertThat(lines.stream().map(l -> l.getString("id")).toList()).isEqualTo(active);
    lines.forEach(l -> assertThat(l.fieldNames()).as(l.encode()).containsExactlyInAnyOrderElementsOf(SITE_COLUMNS));
    JsonObject taishan = lines.stream().filter(l -> l.getString("id").equals(TourismSites.TAISHAN)).findFirst().orElseThrow();
    JsonObject detail = new TourismSites(http).get(TourismSites.TAISHAN);
    assertThat(taishan.getJsonArray("bestMonths")).isEqualTo(detail.getJsonArray("bestMonths"));
    assertThat(taishan.getJsonArray("openMonths")).isEqualTo(detail.getJsonArray("openMonths"));
    JsonArray types = new JsonArray();
    detail.getJsonArray("designations").forEach(d -> types.add(((JsonObject) d).getString("type")));
    assertThat(taishan.getJsonArray("designations")).isEqualTo(types).isNotEmpty();

    List<List<String>> csv = csv(http.get("/v1/exports/tourism-sites?format=csv"));
    assertThat(csv.get(0)).isEqualTo(SITE_COLUMNS);
    assertThat(csv.subList(1, csv.size()).stream().map(row -> row.get(0)).toList()).isEqualTo(active);
  }

  @Test
  void anUnknownDatasetOrFormatIsA400NamingTheParameter() {
    JsonObject dataset = http.get("/v1/exports/residents").problem(400);
    field(dataset, "dataset");
    assertThat(dataset.getJsonArray("errors").getJsonObject(0).getString("in")).isEqualTo("path");
    JsonObject format = http.get("/v1/exports/facilities?format=xlsx").problem(400);
    field(format, "format");
    assertThat(format.getJsonArray("errors").getJsonObject(0).getString("in")).isEqualTo("query");
  }

  private List<String> activeIds(String table) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = env.database();
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM " + table + " WHERE status = 'active' ORDER BY id")) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  private static List<List<String>> csv(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(r.header("Content-Disposition")).endsWith(".csv\"");
    return parseCsv(r.body());
  }

  /**
   * A strict RFC 4180 reader: records end in CRLF; a quoted field may hold commas, CR, LF and doubled
   * quotes; anything else (a bare quote in an unquoted field, a lone LF between records) fails.
   */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '"' && field.isEmpty()) {
        i++;
        while (true) {
          assertThat(i).as("unterminated quoted field").isLessThan(text.length());
          char q = text.charAt(i++);
          if (q != '"') {
            field.append(q);
          } else if (i < text.length() && text.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            break;
          }
        }
        assertThat(i == text.length() || text.charAt(i) == ',' || text.charAt(i) == '\r').as("after a closing quote at %d", i).isTrue();
      } else if (ch == ',') {
        record.add(field.toString());
        field.setLength(0);
        i++;
      } else if (ch == '\r') {
        assertThat(text.charAt(i + 1)).as("CRLF at %d", i).isEqualTo('\n');
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i += 2;
      } else {
        assertThat(ch).as("unquoted character at %d", i).isNotIn('"', '\n');
        field.append(ch);
        i++;
      }
    }
    assertThat(record).as("the last record ends in CRLF").isEmpty();
    assertThat(field.toString()).isEmpty();
    return records;
  }
}
