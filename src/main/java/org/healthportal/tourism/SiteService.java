package org.healthportal.tourism;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.healthportal.api.model.ChangeHistory;
import org.healthportal.api.model.TourismSite;
import org.healthportal.api.model.TourismSiteCreate;
import org.healthportal.facilities.published.NearbyCare;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.cache.CachedValue;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.MergePatch;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.search.index.LiveIndex;
import org.healthportal.platform.versioning.VersionedWrites;
import org.healthportal.regions.published.RegionCodes;

/**
 * Rules of the site listings: who may change a site, optimistic concurrency on versions, history,
 * and exact cache invalidation after every committed change.
 */
final class SiteService {

  /** Cache namespace of every site read; bump the suffix when a response shape changes. */
  static final String CACHE = org.healthportal.tourism.published.Sites.CACHE_NAMESPACE;

  private final SiteRepository repository;
  private final VersionedWrites<TourismSite> writes;
  private final NearbyCare nearbyCare;
  private final CachedReads cache;
  private final Duration cacheTtl;
  private final LiveIndex<IndexedSite> index;

  SiteService(SiteRepository repository, NearbyCare nearbyCare, CachedReads cache, Duration cacheTtl, LiveIndex<IndexedSite> index) {
    this.repository = repository;
    this.index = index;
    this.writes = repository.versionedWrites(this::invalidated);
    this.nearbyCare = nearbyCare;
    this.cache = cache;
    this.cacheTtl = cacheTtl;
  }

  /** A page of results as JSON: from the search index, the cache or PostgreSQL (see {@link LiveIndex#search}). */
  Future<CachedValue> search(SiteSearch search) {
    return index.search(search, cacheTtl, snapshot -> SiteIndex.page(snapshot, search), () -> repository.search(search).map(Json::encode));
  }

  /**
   * The site with the care nearest to it. The two parts are cached apart, each in the namespace of
   * the feature that changes it, so a facility change refreshes {@code nearestCare} at once.
   */
  Future<Optional<TourismSite>> get(UUID id) {
    return cache.getOrLoad(CACHE, "one:" + id, cacheTtl, () -> repository.find(id).map(f -> f.map(Json::encode).orElse("")))
        .compose(cached -> {
          if (cached.isEmpty()) return Future.succeededFuture(Optional.empty());
          TourismSite site = Json.decode(cached.json(), TourismSite.class);
          return nearbyCare.around(site.getLocation().getLat().doubleValue(), site.getLocation().getLng().doubleValue())
              .map(care -> Optional.of(site.nearestCare(care)));
        });
  }

  Future<ChangeHistory> history(Caller caller, UUID id) {
    requireManage(caller, id);
    return writes.history(id);
  }

  Future<TourismSite> create(Caller caller, TourismSiteCreate body) {
    caller.requireRole(Caller.Role.ADMIN);
    TourismSite site = new TourismSite()
        .id(UUID.randomUUID()).kind(body.getKind()).nameZh(body.getNameZh()).nameEn(body.getNameEn())
        .descriptionZh(body.getDescriptionZh()).descriptionEn(body.getDescriptionEn()).regionCode(body.getRegionCode())
        .location(body.getLocation()).designations(body.getDesignations()).openMonths(new ArrayList<>(body.getOpenMonths()))
        .bestMonths(new ArrayList<>(body.getBestMonths())).accessibility(new ArrayList<>(body.getAccessibility()))
        .services(new ArrayList<>(body.getServices())).priceLevel(body.getPriceLevel()).openingHours(body.getOpeningHours())
        .phone(body.getPhone()).website(body.getWebsite());
    checkMonths(site, true);
    return writes.create(site.getId(), caller, conn -> RegionCodes.require(conn, site.getRegionCode(), "/regionCode")
            .compose(v -> repository.insert(conn, site)));
  }

  /** Applies a JSON merge patch of editable fields, based on the version named by {@code ifMatch}. */
  Future<TourismSite> update(Caller caller, UUID id, String ifMatch, JsonObject patch) {
    requireManage(caller, id);
    VersionedWrites.requireIfMatch(ifMatch);
    return writes.change(id, ifMatch, "update", caller, (conn, current) -> {
      JsonObject before = new JsonObject(Json.encode(current));
      JsonObject after = MergePatch.apply(before, patch);
      TourismSite next = Json.decode(after.encode(), TourismSite.class);
      checkMonths(next, patch.containsKey("bestMonths"));
      List<String> changed = new ArrayList<>();
      for (String field : patch.fieldNames()) {
        if (!Objects.equals(before.getValue(field), after.getValue(field))) changed.add(field);
      }
      if (changed.isEmpty()) return Future.succeededFuture(changed);
      return repository.update(conn, next).map(changed);
    });
  }

  Future<TourismSite> close(Caller caller, UUID id) {
    caller.requireRole(Caller.Role.ADMIN);
    return writes.change(id, null, "close", caller, (conn, current) -> current.getStatus() == TourismSite.StatusEnum.CLOSED
            ? Future.succeededFuture(List.of())
            : repository.close(conn, id).map(List.of("status")));
  }

  /** Invalidates the cache, then adds the nearest care for the answer. */
  private Future<TourismSite> invalidated(TourismSite site) {
    return cache.invalidate(CACHE)
        .compose(v -> {
          index.changed();
          return nearbyCare.around(site.getLocation().getLat().doubleValue(), site.getLocation().getLng().doubleValue());
        })
        .map(site::nearestCare);
  }

  /**
   * Best months must be open months. {@code strict}: the client sent best months, so a wrong one is
   * an error; otherwise best months that are no longer open are dropped with the open months.
   */
  private static void checkMonths(TourismSite site, boolean strict) {
    List<Integer> best = new ArrayList<>();
    for (Integer month : site.getBestMonths()) {
      if (site.getOpenMonths().contains(month)) {
        if (!best.contains(month)) best.add(month);
      } else if (strict) {
        throw Problem.invalidField("body", "/bestMonths", Text.of("tourism.best-month-closed", month, site.getOpenMonths()));
      }
    }
    site.setBestMonths(best);
  }

  private static void requireManage(Caller caller, UUID id) {
    if (caller.canManageSite(id.toString())) return;
    throw Problem.forbidden(Text.of(caller.has(Caller.Role.STAFF) ? "tourism.out-of-scope" : "tourism.staff-only"));
  }
}
