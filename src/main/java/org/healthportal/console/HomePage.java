package org.healthportal.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /console}: the staff member's own facilities and sites (from the {@code facility_ids}
 * and {@code site_ids} claims), each with its bed figures' freshness; admins see every listing, with
 * a search.
 */
public final class HomePage {

  /** A row of the list. {@code staleBeds}: care levels whose bed figures are stale or never reported. */
  public record Row(String href, String name, String kind, int staleBeds, boolean missing) {}

  private final PortalApi api;
  private final ConsolePages pages;

  HomePage(PortalApi api, ConsolePages pages) {
    this.api = api;
    this.pages = pages;
  }

  void handle(RoutingContext ctx) {
    Staff staff = Staff.of(ctx);
    String q = ctx.request().getParam("q");
    Future<List<Row>> facilities;
    Future<List<Row>> sites;
    if (staff.admin()) {
      String query = q == null || q.isBlank() ? "sort=name&limit=50" : "q=" + URLEncoder.encode(q.strip(), StandardCharsets.UTF_8) + "&limit=50";
      facilities = api.get(ctx, "/v1/facilities?" + query).map(a -> page(a, Listing.FACILITY));
      sites = api.get(ctx, "/v1/tourism/sites?" + query.replace("sort=name&", "")).map(a -> page(a, Listing.SITE));
    } else {
      facilities = each(ctx, staff.caller().facilityIds(), Listing.FACILITY);
      sites = each(ctx, staff.caller().siteIds(), Listing.SITE);
    }
    Future.all(facilities, sites).onSuccess(both -> pages.render(ctx, 200, "home", pages.frame(ctx, "home.title"),
        Map.of("facilities", facilities.result(), "sites", sites.result(), "q", q == null ? "" : q)))
        .onFailure(ctx::fail);
  }

  private Future<List<Row>> each(RoutingContext ctx, List<String> ids, Listing listing) {
    List<Future<Row>> rows = new ArrayList<>();
    for (String id : ids) {
      rows.add(api.get(ctx, listing.api(id)).map(a -> a.ok() ? row(a.json(), listing) : new Row(listing.page(id), id, "", 0, true)));
    }
    return Future.all(rows).map(all -> all.<Row>list());
  }

  private static List<Row> page(ApiAnswer answer, Listing listing) {
    List<Row> rows = new ArrayList<>();
    if (!answer.ok()) return rows;
    JsonArray items = answer.json().getJsonArray("items", new JsonArray());
    for (int i = 0; i < items.size(); i++) rows.add(row(items.getJsonObject(i), listing));
    return rows;
  }

  private static Row row(JsonObject listing, Listing kind) {
    int stale = 0;
    for (Object b : listing.getJsonArray("beds", new JsonArray())) {
      if (b instanceof JsonObject beds && (beds.getBoolean("stale", false) || beds.getValue("reportedAt") == null)) stale++;
    }
    return new Row(kind.page(listing.getString("id")), listing.getString("nameZh"), listing.getString("kind", ""), stale, false);
  }
}
