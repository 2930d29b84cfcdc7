package org.healthportal.console;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.healthportal.console.listing.ListingEdit;

/**
 * Editing a facility's or a site's listing (see {@link ListingEdit} for how concurrent edits are
 * kept): the form, the save, and the conflict page after someone else saved first.
 */
final class EditPage {

  private final PortalApi api;
  private final ConsolePages pages;
  private final Listing listing;

  EditPage(PortalApi api, ConsolePages pages, Listing listing) {
    this.api = api;
    this.pages = pages;
    this.listing = listing;
  }

  void show(RoutingContext ctx) {
    String id = pages.managedListing(ctx, listing);
    if (id == null) return;
    api.get(ctx, listing.api(id)).onSuccess(a -> {
      if (pages.failed(ctx, a)) return;
      ListingEdit edit = edit(a.json());
      JsonObject values = edit.values(a.json());
      render(ctx, 200, a.json(), a.etag(), values, values, Map.of(), null, List.of(), ctx.request().getParam("saved") != null ? "edit.saved" : null);
    }).onFailure(ctx::fail);
  }

  void save(RoutingContext ctx) {
    String id = pages.managedListing(ctx, listing);
    if (id == null) return;
    MultiMap form = ctx.request().formAttributes();
    api.get(ctx, listing.api(id)).onSuccess(now -> {
      if (pages.failed(ctx, now)) return;
      ListingEdit edit = edit(now.json());
      JsonObject base = new JsonObject(form.get("base") == null ? "{}" : form.get("base"));
      JsonObject mine = edit.fromForm(form);
      JsonObject patch = edit.patch(base, mine);
      if (patch.isEmpty()) {
        render(ctx, 200, now.json(), form.get("etag"), base, mine, Map.of(), null, List.of(), "edit.nothing-changed");
        return;
      }
      api.mergePatch(ctx, listing.api(id), patch, form.get("etag")).onSuccess(answer -> {
        if (answer.ok()) {
          pages.seeOther(ctx, listing.page(id) + "/edit?saved=1");
        } else if (answer.status() == 412) {
          // Someone saved first. Show what they changed beside this edit; the form now holds the new
          // version with this edit on top, and saving it applies exactly this edit's changes to it.
          JsonObject current = edit.values(now.json());
          Frame f = pages.frame(ctx, "edit.title", now.json().getString("nameZh"));
          render(ctx, 409, now.json(), now.etag(), current, edit.onTop(current, patch), Map.of(), null,
              edit.conflicts(base, current, patch, f.texts()), "edit.conflict");
        } else if (!pages.failed(ctx, answer)) {
          render(ctx, 400, now.json(), form.get("etag"), base, mine, answer.fieldErrors(), patch, List.of(),
              edit.namesAll(answer.fieldErrors(), patch) ? "form.fix-fields" : null, answer.problemDetail());
        }
      }).onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private ListingEdit edit(JsonObject current) {
    return listing == Listing.FACILITY ? ListingEdit.facility(current) : ListingEdit.site();
  }

  private void render(RoutingContext ctx, int status, JsonObject current, String etag, JsonObject base, JsonObject shown,
      Map<String, String> errors, JsonObject sent, List<ListingEdit.Conflict> conflicts, String notice) {
    render(ctx, status, current, etag, base, shown, errors, sent, conflicts, notice, null);
  }

  private void render(RoutingContext ctx, int status, JsonObject current, String etag, JsonObject base, JsonObject shown,
      Map<String, String> errors, JsonObject sent, List<ListingEdit.Conflict> conflicts, String notice, String refusal) {
    Frame f = pages.frame(ctx, "edit.title", current.getString("nameZh"));
    String id = ctx.pathParam("id");
    pages.render(ctx, status, "edit", f, Map.of(
        "action", listing.page(id) + "/edit",
        "back", listing == Listing.FACILITY ? listing.page(id) : "/console",
        "history", listing.page(id) + "/history",
        "etag", etag == null ? "" : etag,
        "base", base.encode(),
        "fields", edit(current).form(shown, errors, sent, f.texts()),
        "conflicts", conflicts,
        "notice", notice == null ? "" : notice,
        "refusal", refusal == null || "form.fix-fields".equals(notice) ? "" : refusal));
  }
}
