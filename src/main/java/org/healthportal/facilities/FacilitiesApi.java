package org.healthportal.facilities;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.UUID;
import org.healthportal.api.model.BedReport;
import org.healthportal.api.model.Facility;
import org.healthportal.api.model.FacilityCreate;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.cache.CachedValue;
import org.healthportal.platform.db.ReadReplicas;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.ETags;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.metrics.Meters;
import org.healthportal.platform.search.PublicListings;
import org.healthportal.platform.search.index.LiveIndex;
import org.healthportal.platform.sync.ListingSource;
import org.healthportal.platform.sync.RowListings;

/** The {@code facilities} tag: public search and detail, staff self-service, admin registration. */
public final class FacilitiesApi implements ApiModule {

  private final FacilityService service;
  private final ListingSource listings;
  private final LiveIndex<IndexedFacility> index;

  public FacilitiesApi(Vertx vertx, Pool pool, ReadReplicas reads, CachedReads cache, AppConfig config, Meters meters) {
    Duration bedsStaleAfter = config.facilities().bedsStaleAfter();
    FacilityIndex source = new FacilityIndex(f -> PreparedDetail.encode(f, g -> FacilityService.withStaleFlags(g, bedsStaleAfter), bedsStaleAfter));
    this.index = new LiveIndex<>(vertx, reads, cache, source, config.cache().searchIndexPoll(), config.cache().searchIndex(), meters);
    this.service = new FacilityService(new FacilityRepository(pool), cache, config.cache().ttl(), bedsStaleAfter, index);
    // Delta sync sends the detail representation; closed facilities become tombstones.
    this.listings = new RowListings(pool, "facility", FacilityRows.FACILITY_SELECT + " WHERE f.id = ANY($1)", r -> {
      Facility f = service.withStaleFlags(FacilityRows.facility(r));
      return new ListingSource.Listing(f.getVersion(), f.getStatus() == Facility.StatusEnum.CLOSED, f);
    });
  }

  /** The in-memory search index, to start and stop with the application. */
  public LiveIndex<?> searchIndex() {
    return index;
  }

  /** The facility search and details exactly as this API answers them, for other views of the directory (FHIR). */
  public PublicListings publicListings() {
    return PublicListings.of(query -> service.search(FacilitySearch.from(query)).map(CachedValue::body),
        id -> service.get(id).map(found -> found.map(PreparedDetail::body)));
  }

  /** Facilities for delta sync. */
  public ListingSource listings() {
    return listings;
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("listFacilities").addHandler(this::listFacilities);
    builder.getRoute("getFacility").addHandler(this::getFacility);
    builder.getRoute("createFacility").addHandler(this::createFacility);
    builder.getRoute("updateFacility").addHandler(this::updateFacility);
    builder.getRoute("reportBeds").addHandler(this::reportBeds);
    builder.getRoute("closeFacility").addHandler(this::closeFacility);
    builder.getRoute("getFacilityHistory").addHandler(this::getFacilityHistory);
  }

  void listFacilities(RoutingContext ctx) {
    FacilitySearch search = FacilitySearch.from(Requests.query(ctx));
    service.search(search)
        .onSuccess(cached -> ETags.sendJson(ctx, cached.body(), cached.etag()))
        .onFailure(ctx::fail);
  }

  void getFacility(RoutingContext ctx) {
    UUID id = Requests.uuidPathParam(ctx, "facilityId");
    service.get(id)
        .map(found -> found.orElseThrow(() -> Problem.notFound(Text.of("problem.no-such-id", Text.of("noun.facility"), id))))
        .onSuccess(detail -> ETags.sendJson(ctx, detail.body(), detail.etag()))
        .onFailure(ctx::fail);
  }

  void createFacility(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    service.create(caller, Requests.body(ctx, FacilityCreate.class))
        .onSuccess(f -> {
          ctx.response().putHeader("Location", "/v1/facilities/" + f.getId()).putHeader("ETag", etag(f));
          Json.send(ctx, 201, f);
        })
        .onFailure(ctx::fail);
  }

  void updateFacility(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    UUID id = Requests.uuidPathParam(ctx, "facilityId");
    JsonObject patch = Requests.validated(ctx).getBody().getJsonObject();
    service.update(caller, id, ctx.request().getHeader("If-Match"), patch).onSuccess(f -> sendChanged(ctx, f)).onFailure(ctx::fail);
  }

  void reportBeds(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    UUID id = Requests.uuidPathParam(ctx, "facilityId");
    service.reportBeds(caller, id, ctx.request().getHeader("If-Match"), Requests.body(ctx, BedReport.class))
        .onSuccess(f -> sendChanged(ctx, f)).onFailure(ctx::fail);
  }

  void closeFacility(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    service.close(caller, Requests.uuidPathParam(ctx, "facilityId")).onSuccess(f -> sendChanged(ctx, f)).onFailure(ctx::fail);
  }

  void getFacilityHistory(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    service.history(caller, Requests.uuidPathParam(ctx, "facilityId"))
        .onSuccess(h -> Json.send(ctx, 200, h)).onFailure(ctx::fail);
  }

  private static void sendChanged(RoutingContext ctx, Facility f) {
    ctx.response().putHeader("ETag", etag(f));
    Json.send(ctx, 200, f);
  }

  private static String etag(Facility f) {
    return PreparedDetail.etag(f);
  }
}
