package org.healthportal.console;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.healthportal.console.listing.Input;

/**
 * A facility's page: its free and total beds per care level in one form, each figure with when it
 * was last reported and a flag when that is too long ago, and the way to its listing, history and
 * signups. A figure the API refuses (more free than total beds, a negative number) comes back beside
 * its input, with the figures as typed.
 */
public final class BedsPage {

  private static final DateTimeFormatter REPORTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  /** One care level's row. {@code current}: after a lost race, the figures someone else just reported. */
  public record Row(String level, String levelName, Input total, Input free, String reportedAt, boolean stale, String current) {}

  private final PortalApi api;
  private final ConsolePages pages;

  BedsPage(PortalApi api, ConsolePages pages) {
    this.api = api;
    this.pages = pages;
  }

  void show(RoutingContext ctx) {
    String id = pages.managedListing(ctx, Listing.FACILITY);
    if (id == null) return;
    api.get(ctx, Listing.FACILITY.api(id)).onSuccess(a -> {
      if (pages.failed(ctx, a)) return;
      render(ctx, 200, a.json(), a.etag(), null, Map.of(), null, ctx.request().getParam("saved") != null);
    }).onFailure(ctx::fail);
  }

  /** POST: the figures of every care level at once, as {@code PUT /v1/facilities/{id}/beds} with If-Match. */
  void report(RoutingContext ctx) {
    String id = pages.managedListing(ctx, Listing.FACILITY);
    if (id == null) return;
    MultiMap form = ctx.request().formAttributes();
    JsonArray beds = new JsonArray();
    for (String level : form.getAll("level")) {
      beds.add(new JsonObject().put("careLevel", level)
          .put("total", figure(form.get("total." + level))).put("free", figure(form.get("free." + level))));
    }
    api.put(ctx, Listing.FACILITY.api(id) + "/beds", new JsonObject().put("beds", beds), form.get("etag")).onSuccess(answer -> {
      if (answer.ok()) {
        pages.seeOther(ctx, Listing.FACILITY.page(id) + "?saved=beds");
        return;
      }
      if (pages.failed(ctx, answer)) return;
      // Refused or overtaken: the page again, with the figures as typed and the reason beside each.
      api.get(ctx, Listing.FACILITY.api(id)).onSuccess(now -> {
        if (pages.failed(ctx, now)) return;
        boolean overtaken = answer.status() == 412;
        render(ctx, overtaken ? 409 : 400, now.json(), overtaken ? now.etag() : form.get("etag"), form, answer.fieldErrors(),
            overtaken ? "beds.overtaken" : null, false);
      }).onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private void render(RoutingContext ctx, int status, JsonObject facility, String etag, MultiMap typed, Map<String, String> errors,
      String notice, boolean saved) {
    Frame f = pages.frame(ctx, "facility.title", facility.getString("nameZh"));
    List<Row> rows = new ArrayList<>();
    JsonArray beds = facility.getJsonArray("beds", new JsonArray());
    JsonArray levels = facility.getJsonArray("careLevels", new JsonArray());
    for (int i = 0; i < levels.size(); i++) {
      String level = levels.getString(i);
      JsonObject b = find(beds, level);
      String levelName = f.t("care." + level);
      String total = typed != null ? typed.get("total." + level) : str(b.getValue("total"));
      String free = typed != null ? typed.get("free." + level) : str(b.getValue("free"));
      String current = typed != null && "beds.overtaken".equals(notice) ? f.t("beds.current", str(b.getValue("free")), str(b.getValue("total"))) : null;
      rows.add(new Row(level, levelName,
          new Input("total." + level, f.t("beds.total", levelName), "number", total, false, errors.get("/beds/" + i + "/total"), List.of()),
          new Input("free." + level, f.t("beds.free", levelName), "number", free, false, errors.get("/beds/" + i + "/free"), List.of()),
          b.getString("reportedAt") == null ? f.t("beds.never") : REPORTED.format(Instant.parse(b.getString("reportedAt"))),
          b.getBoolean("stale", b.getString("reportedAt") == null), current));
    }
    String formError = errors.isEmpty() ? null : errors.keySet().stream().allMatch(p -> p.matches("/beds/\\d+/(total|free)")) ? "form.fix-fields" : "form.refused";
    pages.render(ctx, status, "facility", f, Map.of("facility", facility, "etag", etag == null ? "" : etag, "rows", rows,
        "notice", notice == null ? (formError == null ? "" : formError) : notice, "saved", saved));
  }

  private static JsonObject find(JsonArray beds, String level) {
    for (int i = 0; i < beds.size(); i++) {
      if (level.equals(beds.getJsonObject(i).getString("careLevel"))) return beds.getJsonObject(i);
    }
    return new JsonObject();
  }

  /** As typed: a whole number goes as one; anything else as text, so the API's own rule names it. */
  private static Object figure(String v) {
    return org.healthportal.console.listing.Figures.parse(v);
  }

  private static String str(Object v) {
    return v == null ? "" : v.toString();
  }
}
