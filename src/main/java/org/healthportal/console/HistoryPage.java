package org.healthportal.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Who changed what in a listing, and when, newest first (the API's history of it). */
public final class HistoryPage {

  static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  public record Entry(int version, String action, String who, String when, String fields) {}

  private final PortalApi api;
  private final ConsolePages pages;
  private final Listing listing;

  HistoryPage(PortalApi api, ConsolePages pages, Listing listing) {
    this.api = api;
    this.pages = pages;
    this.listing = listing;
  }

  void show(RoutingContext ctx) {
    String id = pages.managedListing(ctx, listing);
    if (id == null) return;
    api.get(ctx, listing.api(id)).compose(current -> api.get(ctx, listing.api(id) + "/history").map(history -> {
      if (pages.failed(ctx, current) || pages.failed(ctx, history)) return null;
      Frame f = pages.frame(ctx, "history.title", current.json().getString("nameZh"));
      List<Entry> entries = new ArrayList<>();
      JsonArray items = history.json().getJsonArray("items", new JsonArray());
      for (int i = 0; i < items.size(); i++) {
        JsonObject e = items.getJsonObject(i);
        List<String> fields = new ArrayList<>();
        e.getJsonArray("fields", new JsonArray()).forEach(x -> fields.add(String.valueOf(x)));
        String who = e.getString("changedByName") != null ? e.getString("changedByName") : e.getString("changedBy");
        entries.add(new Entry(e.getInteger("version"), f.t("history.action." + e.getString("action")), who,
            WHEN.format(Instant.parse(e.getString("changedAt"))), String.join(", ", fields)));
      }
      pages.render(ctx, 200, "history", f, Map.of("entries", entries, "back", listing == Listing.FACILITY ? listing.page(id) : listing.page(id) + "/edit"));
      return null;
    })).onFailure(ctx::fail);
  }
}
