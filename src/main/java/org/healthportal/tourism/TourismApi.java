package org.healthportal.tourism;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import org.healthportal.api.model.RecommendationRequest;
import org.healthportal.api.model.TourismSite;
import org.healthportal.api.model.TourismSiteCreate;
import org.healthportal.facilities.published.NearbyCare;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.cache.CachedValue;
import org.healthportal.platform.db.ReadReplicas;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.metrics.Meters;
import org.healthportal.platform.search.PublicListings;
import org.healthportal.platform.search.index.LiveIndex;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.ETags;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.sync.ListingSource;
import org.healthportal.platform.sync.RowListings;
import org.healthportal.platform.versioning.VersionTags;

/** The {@code tourism} tag: site search and detail, editing, and trip recommendations. */
public final class TourismApi implements ApiModule {

  private final SiteService sites;
  private final Recommendations recommendations;
  private final ListingSource listings;

  private final LiveIndex<IndexedSite> index;

  public TourismApi(Vertx vertx, Pool pool, ReadReplicas reads, CachedReads cache, AppConfig config, Meters meters) {
    NearbyCare nearbyCare = new NearbyCare(pool, cache, config.cache().ttl());
    this.index = new LiveIndex<>(vertx, reads, cache, new SiteIndex(), config.cache().searchIndexPoll(), config.cache().searchIndex(), meters);
    this.sites = new SiteService(new SiteRepository(pool), nearbyCare, cache, config.cache().ttl(), index);
    this.recommendations = new Recommendations(pool, nearbyCare);
    // Delta sync sends the site without nearestCare, which is derived from the facilities a client
    // syncs as well; closed sites become tombstones.
    this.listings = new RowListings(pool, "tourism-site", "SELECT s.*, NULL::float8 AS distance FROM tourism_site s WHERE s.id = ANY($1)", r -> {
      TourismSite s = SiteRows.site(r);
      return new ListingSource.Listing(s.getVersion(), s.getStatus() == TourismSite.StatusEnum.CLOSED, s);
    });
  }

  /** The in-memory search index, to start and stop with the application. */
  public LiveIndex<?> searchIndex() {
    return index;
  }

  /** The site search and details exactly as this API answers them, for other views of the directory (FHIR). */
  public PublicListings publicListings() {
    return PublicListings.of(query -> sites.search(SiteSearch.from(query)).map(CachedValue::body),
        id -> sites.get(id).map(found -> found.map(site -> Buffer.buffer(Json.encode(site)))));
  }

  /** Tourism sites for delta sync. */
  public ListingSource listings() {
    return listings;
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("listTourismSites").addHandler(this::listSites);
    builder.getRoute("getTourismSite").addHandler(this::getSite);
    builder.getRoute("createTourismSite").addHandler(this::createSite);
    builder.getRoute("updateTourismSite").addHandler(this::updateSite);
    builder.getRoute("closeTourismSite").addHandler(this::closeSite);
    builder.getRoute("getTourismSiteHistory").addHandler(this::getHistory);
    builder.getRoute("recommendTourismSites").addHandler(this::recommend);
  }

  void listSites(RoutingContext ctx) {
    sites.search(SiteSearch.from(Requests.query(ctx)))
        .onSuccess(cached -> ETags.sendJson(ctx, cached.body(), cached.etag()))
        .onFailure(ctx::fail);
  }

  void getSite(RoutingContext ctx) {
    UUID id = Requests.uuidPathParam(ctx, "siteId");
    sites.get(id)
        .map(found -> found.orElseThrow(() -> Problem.notFound(Text.of("problem.no-such-id", Text.of("noun.tourism-site"), id))))
        .onSuccess(site -> {
          String json = Json.encode(site);
          ETags.sendJson(ctx, json, etag(site));
        })
        .onFailure(ctx::fail);
  }

  void createSite(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    sites.create(caller, Requests.body(ctx, TourismSiteCreate.class))
        .onSuccess(site -> {
          ctx.response().putHeader("Location", "/v1/tourism/sites/" + site.getId()).putHeader("ETag", etag(site));
          Json.send(ctx, 201, site);
        })
        .onFailure(ctx::fail);
  }

  void updateSite(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    UUID id = Requests.uuidPathParam(ctx, "siteId");
    JsonObject patch = Requests.validated(ctx).getBody().getJsonObject();
    sites.update(caller, id, ctx.request().getHeader("If-Match"), patch).onSuccess(site -> sendChanged(ctx, site)).onFailure(ctx::fail);
  }

  void closeSite(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    sites.close(caller, Requests.uuidPathParam(ctx, "siteId")).onSuccess(site -> sendChanged(ctx, site)).onFailure(ctx::fail);
  }

  void getHistory(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    sites.history(caller, Requests.uuidPathParam(ctx, "siteId")).onSuccess(h -> Json.send(ctx, 200, h)).onFailure(ctx::fail);
  }

  void recommend(RoutingContext ctx) {
    recommendations.recommend(Requests.body(ctx, RecommendationRequest.class))
        .onSuccess(list -> Json.send(ctx, 200, list))
        .onFailure(ctx::fail);
  }

  private static void sendChanged(RoutingContext ctx, TourismSite site) {
    ctx.response().putHeader("ETag", etag(site));
    Json.send(ctx, 200, site);
  }

  /** The version, plus a digest of the nearest care, which changes with the facility directory. */
  private static String etag(TourismSite site) {
    String digest = ETags.ofBody(Json.encode(site.getNearestCare()));
    return VersionTags.of(site.getVersion(), digest.substring(1, 13));
  }
}
