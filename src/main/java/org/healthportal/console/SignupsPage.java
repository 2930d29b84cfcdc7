package org.healthportal.console;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pending family-doctor signups of a facility's teams, each person masked as the API shows them,
 * with the packages asked for and what makes a person eligible for each; staff approve, or decline
 * with a reason. Admins also set each team's cap here.
 */
public final class SignupsPage {

  public record Pending(String id, String person, String packages, String submitted, String waiting, String reasonError) {}

  public record Team(String id, String name, int panelSize, int panelCap, int remaining, String etag, List<Pending> pending, String capError) {}

  private final PortalApi api;
  private final ConsolePages pages;

  SignupsPage(PortalApi api, ConsolePages pages) {
    this.api = api;
    this.pages = pages;
  }

  void show(RoutingContext ctx) {
    render(ctx, 200, null, null, null);
  }

  /** POST /console/facilities/{id}/signups/{signupId}: approve or decline. */
  void decide(RoutingContext ctx) {
    String id = pages.managedListing(ctx, Listing.FACILITY);
    if (id == null) return;
    MultiMap form = ctx.request().formAttributes();
    JsonObject decision = new JsonObject().put("decision", "accept".equals(form.get("decision")) ? "accept" : "reject");
    String reason = form.get("reason");
    if (reason != null && !reason.isBlank()) decision.put("reason", reason.strip());
    String signupId = ctx.pathParam("signupId");
    api.post(ctx, "/v1/family-doctor/signups/" + signupId + "/decision", decision).onSuccess(answer -> {
      if (answer.ok()) pages.seeOther(ctx, "/console/facilities/" + id + "/signups?decided=" + decision.getString("decision"));
      else if (!pages.failed(ctx, answer)) render(ctx, 400, signupId, String.join("; ", answer.fieldErrors().values()).isEmpty()
          ? answer.problemDetail() : String.join("; ", answer.fieldErrors().values()), null);
    }).onFailure(ctx::fail);
  }

  /** POST /console/facilities/{id}/teams/{teamId}/cap (admins): the team's panel cap, with If-Match. */
  void setCap(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Staff.of(ctx).admin()) {
      pages.notFound(ctx);
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    String teamId = ctx.pathParam("teamId");
    JsonObject patch = new JsonObject().put("panelCap", org.healthportal.console.listing.Figures.parse(form.get("panelCap")));
    api.mergePatch(ctx, "/v1/family-doctor/teams/" + teamId, patch, form.get("etag")).onSuccess(answer -> {
      if (answer.ok()) pages.seeOther(ctx, "/console/facilities/" + id + "/signups?capped=1");
      else if (!pages.failed(ctx, answer)) render(ctx, answer.status() == 412 ? 409 : 400, null, null,
          Map.entry(teamId, answer.status() == 412 ? pages.frame(ctx, "signups.title", "").t("cap.overtaken") : answer.problemDetail()));
    }).onFailure(ctx::fail);
  }

  private void render(RoutingContext ctx, int status, String failedSignup, String signupError, Map.Entry<String, String> capError) {
    String id = pages.managedListing(ctx, Listing.FACILITY);
    if (id == null) return;
    Future<ApiAnswer> facility = api.get(ctx, Listing.FACILITY.api(id));
    Future<ApiAnswer> packages = api.get(ctx, "/v1/family-doctor/packages");
    Future<ApiAnswer> teams = api.get(ctx, "/v1/family-doctor/teams?facility=" + id + "&limit=100");
    Future.all(facility, packages, teams).compose(all -> {
      if (pages.failed(ctx, facility.result()) || pages.failed(ctx, teams.result())) return Future.succeededFuture();
      Frame f = pages.frame(ctx, "signups.title", facility.result().json().getString("nameZh"));
      Map<String, String> packageNames = packageNames(packages.result(), f);
      JsonArray items = teams.result().json().getJsonArray("items", new JsonArray());
      List<Future<Team>> views = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        JsonObject team = items.getJsonObject(i);
        String teamId = team.getString("id");
        Future<ApiAnswer> one = api.get(ctx, "/v1/family-doctor/teams/" + teamId);
        Future<ApiAnswer> pending = api.get(ctx, "/v1/family-doctor/teams/" + teamId + "/signups?status=PENDING&limit=100");
        views.add(Future.all(one, pending).map(x -> team(f, team, one.result().etag(), pending.result(), packageNames, failedSignup,
            signupError, capError != null && capError.getKey().equals(teamId) ? capError.getValue() : null)));
      }
      return Future.all(views).map(done -> {
        String decided = ctx.request().getParam("decided");
        String notice = decided != null ? "signups.decided." + ("accept".equals(decided) ? "accept" : "reject")
            : ctx.request().getParam("capped") != null ? "cap.saved" : signupError != null || capError != null ? "form.fix-fields" : "";
        pages.render(ctx, status, "signups", f, Map.of("teams", done.<Team>list(), "facilityId", id, "notice", notice));
        return null;
      });
    }).onFailure(ctx::fail);
  }

  private static Team team(Frame f, JsonObject team, String etag, ApiAnswer pending, Map<String, String> packageNames, String failedSignup,
      String signupError, String capError) {
    List<Pending> rows = new ArrayList<>();
    JsonArray items = pending.ok() ? pending.json().getJsonArray("items", new JsonArray()) : new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      JsonObject s = items.getJsonObject(i);
      List<String> asked = new ArrayList<>();
      s.getJsonArray("packages", new JsonArray()).forEach(p -> asked.add(packageNames.getOrDefault(String.valueOf(p), String.valueOf(p))));
      Number hours = s.getNumber("waitingHours");
      rows.add(new Pending(s.getString("id"), s.getString("personIdNumberMasked"), String.join("; ", asked),
          HistoryPage.WHEN.format(Instant.parse(s.getString("createdAt"))), hours == null ? "" : f.t("signups.waiting", Math.round(hours.doubleValue())),
          s.getString("id").equals(failedSignup) ? signupError : null));
    }
    String name = f.texts().chinese() || team.getString("nameEn") == null ? team.getString("nameZh") : team.getString("nameEn");
    return new Team(team.getString("id"), name, team.getInteger("panelSize", 0), team.getInteger("panelCap", 0),
        team.getInteger("remainingCapacity", 0), etag == null ? "" : etag, rows, capError);
  }

  /** Each package's name with who is eligible for it, in the page's language. */
  private static Map<String, String> packageNames(ApiAnswer packages, Frame f) {
    Map<String, String> names = new java.util.HashMap<>();
    if (!packages.ok()) return names;
    JsonArray items = packages.json().getJsonArray("items", new JsonArray());
    for (int i = 0; i < items.size(); i++) {
      JsonObject p = items.getJsonObject(i);
      String name = f.texts().chinese() || p.getString("nameEn") == null ? p.getString("nameZh", p.getString("code")) : p.getString("nameEn");
      String rule = eligibility(p, f);
      names.put(p.getString("code"), rule.isEmpty() ? name : name + " (" + rule + ")");
    }
    return names;
  }

  private static String eligibility(JsonObject p, Frame f) {
    List<String> parts = new ArrayList<>();
    if (p.getInteger("minAge") != null) parts.add(f.t("eligibility.min-age", p.getInteger("minAge")));
    if (p.getInteger("maxAge") != null) parts.add(f.t("eligibility.max-age", p.getInteger("maxAge")));
    JsonArray conditions = p.getJsonArray("conditions", new JsonArray());
    if (!conditions.isEmpty()) {
      parts.add(f.t("eligibility.conditions", String.join(", ", conditions.stream().map(c -> f.t("condition." + c)).toList())));
    }
    return String.join(", ", parts);
  }
}
