package org.healthportal.facilities;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.healthportal.api.model.BedReport;
import org.healthportal.api.model.BedReportBedsInner;
import org.healthportal.api.model.Beds;
import org.healthportal.api.model.Facility;
import org.healthportal.api.model.FacilityCreate;
import org.healthportal.api.model.ChangeHistory;
import org.healthportal.api.model.Insurance;
import org.healthportal.api.model.Medical;
import org.healthportal.api.model.Price;
import org.healthportal.facilities.published.NearbyCare;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.cache.CachedValue;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.MergePatch;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.versioning.VersionedWrites;
import org.healthportal.regions.published.RegionCodes;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.search.index.LiveIndex;

/**
 * Rules of the directory: who may change a listing, optimistic concurrency on versions, history,
 * and exact cache invalidation after every committed change.
 */
final class FacilityService {

  /** Cache namespace of every facility read; bump the suffix when a response shape changes. */
  static final String CACHE = NearbyCare.CACHE_NAMESPACE;

  private final FacilityRepository repository;
  private final VersionedWrites<Facility> writes;
  private final CachedReads cache;
  private final Duration cacheTtl;
  private final Duration bedsStaleAfter;
  private final LiveIndex<IndexedFacility> index;

  FacilityService(FacilityRepository repository, CachedReads cache, Duration cacheTtl, Duration bedsStaleAfter,
      LiveIndex<IndexedFacility> index) {
    this.repository = repository;
    this.index = index;
    this.writes = repository.versionedWrites(this::invalidated);
    this.cache = cache;
    this.cacheTtl = cacheTtl;
    this.bedsStaleAfter = bedsStaleAfter;
  }

  /** A page of results as JSON: from the search index, the cache or PostgreSQL (see {@link LiveIndex#search}). */
  Future<CachedValue> search(FacilitySearch search) {
    return index.search(search, cacheTtl, snapshot -> FacilityIndex.page(snapshot, search), () -> repository.search(search).map(Json::encode));
  }

  /**
   * The whole facility with fresh stale flags, ready to send, if it exists: from the search index
   * when it holds every write (the same check as a search), else through the cache.
   */
  Future<Optional<PreparedDetail>> get(UUID id) {
    return index.fresh().compose(snapshot -> {
      IndexedFacility indexed = snapshot == null ? null : snapshot.get(id);
      // Not there when closed; not packed yet just after a load; not current when a bed figure has
      // turned stale since it was indexed.
      Buffer packed = indexed == null ? null : FacilityIndex.detail(indexed);
      PreparedDetail current = packed == null ? null : PreparedDetail.ifCurrent(packed, java.time.Instant.now());
      return current != null ? Future.succeededFuture(Optional.of(current)) : cachedDetail(id);
    });
  }

  private Future<Optional<PreparedDetail>> cachedDetail(UUID id) {
    return cache.getOrLoad(CACHE, "detail:" + id, cacheTtl,
            () -> repository.find(id).map(f -> f.map(x -> PreparedDetail.encode(x, this::withStaleFlags, bedsStaleAfter)).orElse("")))
        .map(cached -> cached.isEmpty() ? Optional.<PreparedDetail>empty()
            : Optional.of(PreparedDetail.decode(cached, this::withStaleFlags, java.time.Instant.now())));
  }

  Future<ChangeHistory> history(Caller caller, UUID id) {
    requireManage(caller, id);
    return writes.history(id);
  }

  Future<Facility> create(Caller caller, FacilityCreate body) {
    caller.requireRole(Caller.Role.ADMIN);
    Facility f = new Facility()
        .id(UUID.randomUUID()).kind(body.getKind()).nameZh(body.getNameZh()).nameEn(body.getNameEn())
        .addressZh(body.getAddressZh()).addressEn(body.getAddressEn()).regionCode(body.getRegionCode())
        .location(body.getLocation()).phone(body.getPhone()).openingHours(body.getOpeningHours())
        .ownership(body.getOwnership()).rating(body.getRating())
        .services(body.getServices() == null ? List.of() : new ArrayList<>(body.getServices()))
        .medical(body.getMedical() == null ? new Medical() : body.getMedical())
        .insurance(body.getInsurance() == null ? new Insurance() : body.getInsurance())
        .careLevels(body.getCareLevels() == null ? List.of() : new ArrayList<>(body.getCareLevels()))
        .prices(body.getPrices() == null ? List.of() : new ArrayList<>(body.getPrices()));
    checkPrices(f, true);
    return writes.create(f.getId(), caller, conn -> RegionCodes.require(conn, f.getRegionCode(), "/regionCode")
            .compose(v -> repository.insert(conn, f)));
  }

  /** Applies a JSON merge patch of editable fields, based on the version named by {@code ifMatch}. */
  Future<Facility> update(Caller caller, UUID id, String ifMatch, JsonObject patch) {
    requireManage(caller, id);
    VersionedWrites.requireIfMatch(ifMatch);
    return writes.change(id, ifMatch, "update", caller, (conn, current) -> {
      JsonObject before = new JsonObject(Json.encode(current));
      JsonObject after = MergePatch.apply(before, patch);
      Facility next = Json.decode(after.encode(), Facility.class);
      if (next.getMedical() == null) next.setMedical(new Medical());
      if (next.getInsurance() == null) next.setInsurance(new Insurance());
      checkPrices(next, patch.containsKey("prices"));
      List<String> changed = new ArrayList<>();
      for (String field : patch.fieldNames()) {
        if (!Objects.equals(before.getValue(field), after.getValue(field))) changed.add(field);
      }
      if (changed.isEmpty()) return Future.succeededFuture(changed);
      return repository.updateListing(conn, next).map(changed);
    });
  }

  /** Records a bed report for some of the facility's care levels. */
  Future<Facility> reportBeds(Caller caller, UUID id, String ifMatch, BedReport report) {
    requireManage(caller, id);
    return writes.change(id, ifMatch, "beds", caller, (conn, current) -> {
      List<String> fields = new ArrayList<>();
      Set<Object> seen = new HashSet<>();
      for (int i = 0; i < report.getBeds().size(); i++) {
        BedReportBedsInner b = report.getBeds().get(i);
        String at = "/beds/" + i;
        Beds existing = current.getBeds().stream().filter(x -> x.getCareLevel() == b.getCareLevel()).findFirst().orElse(null);
        if (existing == null) {
          throw Problem.invalidField("body", at + "/careLevel", Text.of("facilities.care-level-not-accepted", b.getCareLevel()));
        }
        if (!seen.add(b.getCareLevel())) throw Problem.invalidField("body", at + "/careLevel", Text.of("facilities.care-level-twice", b.getCareLevel()));
        if (b.getFree() > b.getTotal()) throw Problem.invalidField("body", at + "/free", Text.of("facilities.free-exceeds-total", b.getFree(), b.getTotal()));
        int nursing = b.getNursing() != null ? b.getNursing() : existing.getNursing();
        if (nursing > b.getTotal()) throw Problem.invalidField("body", at + "/nursing", Text.of("facilities.nursing-exceeds-total", nursing, b.getTotal()));
        fields.add("beds." + b.getCareLevel());
      }
      return repository.updateBeds(conn, id, report.getBeds(), current.getBeds()).map(fields);
    });
  }

  Future<Facility> close(Caller caller, UUID id) {
    caller.requireRole(Caller.Role.ADMIN);
    return writes.change(id, null, "close", caller, (conn, current) -> current.getStatus() == Facility.StatusEnum.CLOSED
        ? Future.succeededFuture(List.of())
        : repository.close(conn, id).map(List.of("status")));
  }

  private Future<Facility> invalidated(Facility f) {
    return cache.invalidate(CACHE).map(v -> {
      index.changed();
      return withStaleFlags(f);
    });
  }

  /** Sets each bed figure's {@code stale} flag for the current time. */
  Facility withStaleFlags(Facility f) {
    return withStaleFlags(f, bedsStaleAfter);
  }

  /** Sets each bed figure's {@code stale} flag for the current time: stale when older than {@code staleAfter}. */
  static Facility withStaleFlags(Facility f, Duration staleAfter) {
    OffsetDateTime limit = OffsetDateTime.now().minus(staleAfter);
    f.getBeds().forEach(b -> b.setStale(b.getReportedAt() == null || b.getReportedAt().isBefore(limit)));
    return f;
  }

  private static void requireManage(Caller caller, UUID id) {
    if (caller.canManageFacility(id.toString())) return;
    throw Problem.forbidden(Text.of(caller.has(Caller.Role.STAFF) ? "facilities.out-of-scope" : "facilities.staff-only"));
  }

  /** Prices must name accepted care levels and have min <= max; {@code strict} = the client sent them. */
  private static void checkPrices(Facility f, boolean strict) {
    List<Price> kept = new ArrayList<>();
    for (int i = 0; i < f.getPrices().size(); i++) {
      Price p = f.getPrices().get(i);
      if (!f.getCareLevels().contains(p.getCareLevel())) {
        if (strict) throw Problem.invalidField("body", "/prices/" + i + "/careLevel", Text.of("facilities.price-care-level", p.getCareLevel()));
        continue;
      }
      if (p.getMinMonthly() != null && p.getMaxMonthly() != null && p.getMinMonthly() > p.getMaxMonthly()) {
        throw Problem.invalidField("body", "/prices/" + i + "/minMonthly", Text.of("facilities.min-exceeds-max"));
      }
      kept.add(p);
    }
    f.setPrices(kept);
  }
}
