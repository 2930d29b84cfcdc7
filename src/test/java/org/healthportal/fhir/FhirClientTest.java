package org.healthportal.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.healthportal.support.Facilities.CARE_HOME_1;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.param.DateRangeParam;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.Listings;
import org.healthportal.support.TestEnv;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Distance;
import org.hl7.fhir.r4.model.Location;
import org.junit.jupiter.api.Test;

/**
 * A real FHIR client (HAPI FHIR's generic client, as an existing system would use it) reads the
 * directory: near searches page through {@code next} links and equal the API's near-me, and
 * {@code _lastUpdated} finds what changed.
 */
class FhirClientTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  /** One match of a FHIR search: the id and the distance the server gave. */
  private record Match(String id, Double distance, Location location) {}

  @Test
  void nearSearchPagesEqualTheApisNearMe() {
    double lat = 36.6612;
    double lng = 117.0210;
    List<Match> fhir = search(Map.of("near", List.of(lat + "|" + lng + "|15|km")), 7, null);

    // The API's two near-me searches, merged as one list in the same order: distance, then id.
    List<JsonObject> api = new ArrayList<>(Listings.all(http, "/v1/facilities", "near=" + lat + "," + lng + "&radiusKm=15"));
    api.addAll(Listings.all(http, "/v1/tourism/sites", "near=" + lat + "," + lng + "&radiusKm=15"));
    api.sort(Comparator.comparing((JsonObject o) -> o.getDouble("distanceMeters")).thenComparing(o -> o.getString("id")));

    assertThat(api).hasSizeGreaterThan(14); // several pages of 7
    assertThat(fhir).extracting(Match::id).containsExactlyElementsOf(api.stream().map(o -> o.getString("id")).toList());
    for (int i = 0; i < api.size(); i++) {
      assertThat(fhir.get(i).distance()).as("distance of %s", fhir.get(i).id()).isCloseTo(api.get(i).getDouble("distanceMeters"), within(1.0));
      double lat2 = fhir.get(i).location().getPosition().getLatitude().doubleValue();
      double lng2 = fhir.get(i).location().getPosition().getLongitude().doubleValue();
      assertThat(fhir.get(i).distance()).isCloseTo(NearQuery.distanceMeters(lat, lng, lat2, lng2), within(1.0));
    }
  }

  @Test
  void lastUpdatedFindsWhatChangedSince() {
    Instant before = Instant.now().minusSeconds(1);
    Http.Response current = http.get("/v1/facilities/" + CARE_HOME_1);
    JsonObject facility = current.json();
    Http.Response patched = new Facilities(http).patch(CARE_HOME_1, env.token("staff1"), current.header("ETag"),
        new JsonObject().put("openingHours", "08:00-18:00 " + before.toEpochMilli()));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);

    JsonObject point = facility.getJsonObject("location");
    List<Match> changed = search(Map.of("near", List.of(point.getDouble("lat") + "|" + point.getDouble("lng") + "|30|km")), 5,
        new DateRangeParam(Date.from(before), null));
    assertThat(changed).extracting(Match::id).contains(CARE_HOME_1);
    for (Match m : changed) {
      assertThat(m.location().getMeta().getLastUpdated().toInstant()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
    List<Match> later = search(Map.of("near", List.of(point.getDouble("lat") + "|" + point.getDouble("lng") + "|30|km")), 5,
        new DateRangeParam(Date.from(Instant.now().plusSeconds(3600)), null));
    assertThat(later).isEmpty();
  }

  /** Every match of a Location search, following next links with the client's own paging. */
  private List<Match> search(Map<String, List<String>> where, int count, DateRangeParam lastUpdated) {
    IGenericClient client = R4Validator.CONTEXT.newRestfulGenericClient(env.baseUrl + "/fhir");
    var query = client.search().forResource(Location.class).whereMap(where).count(count);
    if (lastUpdated != null) query = query.lastUpdated(lastUpdated);
    Bundle page = query.returnBundle(Bundle.class).execute();
    List<Match> matches = new ArrayList<>();
    int pages = 0;
    while (true) {
      pages++;
      assertThat(page.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH).count()).isLessThanOrEqualTo(count);
      for (Bundle.BundleEntryComponent e : page.getEntry()) {
        if (e.getSearch().getMode() != Bundle.SearchEntryMode.MATCH) continue;
        var ext = e.getSearch().getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/location-distance");
        Double distance = ext == null ? null : ((Distance) ext.getValue()).getValue().doubleValue();
        matches.add(new Match(e.getResource().getIdElement().getIdPart(), distance, (Location) e.getResource()));
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) break;
      page = client.loadPage().next(page).execute();
    }
    assertThat(matches.stream().map(Match::id).distinct().count()).as("no match repeated over %d pages", pages).isEqualTo(matches.size());
    return matches;
  }
}
