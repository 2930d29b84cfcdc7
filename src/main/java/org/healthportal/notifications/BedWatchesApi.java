package org.healthportal.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.healthportal.facilities.published.WatchedFacilities;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.search.NearQuery;

/** Bed watches of the {@code notifications} tag: a resident's watches for a free bed of a care level. */
public final class BedWatchesApi implements ApiModule {

  /** The fields of a search watch, which mean nothing for one facility. */
  private static final List<String> SEARCH_ONLY = List.of("radiusKm", "kinds", "maxMonthlyPrice", "medicalInsurance", "ltcInsurance");

  private final Pool pool;
  private final BedWatches watches;

  public BedWatchesApi(Pool pool, AppConfig.Notifications config) {
    this.pool = pool;
    this.watches = new BedWatches(pool, config.maxWatchesPerResident());
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("createBedWatch").addHandler(this::createBedWatch);
    builder.getRoute("listMyBedWatches").addHandler(this::listMyBedWatches);
    builder.getRoute("deleteBedWatch").addHandler(this::deleteBedWatch);
  }

  void createBedWatch(RoutingContext ctx) {
    String owner = resident(ctx);
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    BedWatch wanted;
    try {
      wanted = fromBody(owner, body);
    } catch (Problem p) {
      ctx.fail(p);
      return;
    }
    facilityAccepts(wanted)
        .compose(v -> watches.create(wanted, body.getInteger("days")))
        .onSuccess(w -> {
          ctx.response().putHeader("Location", "/v1/me/bed-watches/" + w.id());
          Json.send(ctx, 201, w.json());
        })
        .onFailure(ctx::fail);
  }

  void listMyBedWatches(RoutingContext ctx) {
    watches.live(resident(ctx))
        .onSuccess(list -> Json.send(ctx, 200, new JsonObject()
            .put("items", new JsonArray(list.stream().map(BedWatch::json).toList())).put("limit", watches.maxPerResident())))
        .onFailure(ctx::fail);
  }

  void deleteBedWatch(RoutingContext ctx) {
    String owner = resident(ctx);
    UUID id = Requests.uuidPathParam(ctx, "watchId");
    watches.delete(owner, id)
        .map(found -> {
          if (!found) throw Problem.notFound(BedWatches.noSuchWatch(id));
          return found;
        })
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /**
   * The watch the body asks for, after the rules the contract cannot say: exactly one of
   * {@code facilityId} and {@code near}, the search's fields only with {@code near}, {@code near}
   * in range. Every failing field is named in one 400.
   */
  private static BedWatch fromBody(String owner, JsonObject body) {
    List<Problem.FieldError> errors = new ArrayList<>();
    String facility = body.getString("facilityId");
    String near = body.getString("near");
    if ((facility == null) == (near == null)) {
      errors.add(error("/facilityId", Text.of("notifications.watch-target", "near")));
      errors.add(error("/near", Text.of("notifications.watch-target", "facilityId")));
    }
    if (facility != null) {
      for (String field : SEARCH_ONLY) if (body.containsKey(field)) errors.add(error("/" + field, Text.of("notifications.watch-search-only")));
    }
    double lat = 0;
    double lng = 0;
    if (near != null) {
      String[] parts = near.split(",");
      lat = Double.parseDouble(parts[0]);
      lng = Double.parseDouble(parts[1]);
      if (lat < -90 || lat > 90 || lng < -180 || lng > 180) errors.add(error("/near", Text.of("search.near-range")));
    }
    if (!errors.isEmpty()) throw Problem.validation(errors);
    String level = body.getString("careLevel");
    BedWatch.Search search = near == null ? null : new BedWatch.Search(lat, lng,
        body.getNumber("radiusKm", NearQuery.DEFAULT_RADIUS_KM).doubleValue(),
        body.getJsonArray("kinds", new JsonArray()).stream().map(String.class::cast).toList(), body.getInteger("maxMonthlyPrice"),
        body.getBoolean("medicalInsurance", false), body.getBoolean("ltcInsurance", false));
    return new BedWatch(UUID.randomUUID(), owner, level, facility == null ? null : UUID.fromString(facility), search, null, null);
  }

  /** A facility watch needs an open facility that accepts the level: otherwise it could never fire. */
  private Future<Void> facilityAccepts(BedWatch w) {
    if (w.facilityId() == null) return Future.succeededFuture();
    return WatchedFacilities.active(pool, w.facilityId(), w.careLevel()).map(found -> {
      if (found.isEmpty()) throw Problem.invalidField("body", "/facilityId", Text.of("notifications.watch-facility-closed"));
      if (!found.get().accepts()) throw Problem.invalidField("body", "/careLevel", Text.of("notifications.watch-level-not-accepted"));
      return null;
    });
  }

  private static Problem.FieldError error(String field, Text rule) {
    return new Problem.FieldError(field, "body", rule);
  }

  /** Watches belong to residents' accounts, as inboxes (403 for staff, admins and partners). */
  private static String resident(RoutingContext ctx) {
    return Caller.require(ctx).requireRole(Caller.Role.RESIDENT).subject();
  }
}
