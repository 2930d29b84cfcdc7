package org.healthportal.console;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.healthportal.console.listing.Figures;
import org.healthportal.console.listing.Input;

/**
 * Admins open a new facility or tourism site with what the API requires of one (the listing is then
 * completed on its edit page), and close one. Refused inputs come back beside their fields.
 */
final class CreatePage {

  /** One input of the form: the form name is the property's JSON pointer, so the API's errors land beside it. */
  private record Field(String pointer, String type, List<String> options) {}

  private static final List<String> FACILITY_KINDS = List.of("elderly_care_home", "combined_medical_elderly_care", "nursing_home",
      "geriatric_hospital", "rehabilitation_hospital", "hospice", "day_care_centre", "community_elderly_care_station", "rural_welfare_home",
      "community_health_centre", "community_health_station", "township_hospital", "general_hospital");
  private static final List<String> SITE_KINDS = List.of("seaside", "mountain_forest", "hot_spring", "rural", "tcm");

  private final PortalApi api;
  private final ConsolePages pages;
  private final Listing listing;
  private final List<Field> fields;

  CreatePage(PortalApi api, ConsolePages pages, Listing listing) {
    this.api = api;
    this.pages = pages;
    this.listing = listing;
    this.fields = listing == Listing.FACILITY
        ? List.of(new Field("/kind", "select", FACILITY_KINDS), new Field("/nameZh", "text", List.of()), new Field("/addressZh", "text", List.of()),
            new Field("/regionCode", "text", List.of()), new Field("/location/lat", "number", List.of()), new Field("/location/lng", "number", List.of()),
            new Field("/ownership", "select", List.of("public", "private", "public_built_private_run")))
        : List.of(new Field("/kind", "select", SITE_KINDS), new Field("/nameZh", "text", List.of()), new Field("/regionCode", "text", List.of()),
            new Field("/location/lat", "number", List.of()), new Field("/location/lng", "number", List.of()),
            new Field("/openMonths", "text", List.of()), new Field("/priceLevel", "select", List.of("1", "2", "3", "4")));
  }

  void show(RoutingContext ctx) {
    if (!Staff.of(ctx).admin()) {
      pages.notFound(ctx);
      return;
    }
    render(ctx, 200, MultiMap.caseInsensitiveMultiMap(), Map.of(), "");
  }

  void create(RoutingContext ctx) {
    if (!Staff.of(ctx).admin()) {
      pages.notFound(ctx);
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    String path = listing == Listing.FACILITY ? "/v1/facilities" : "/v1/tourism/sites";
    api.post(ctx, path, body(form)).onSuccess(answer -> {
      if (answer.ok()) {
        String id = answer.json().getString("id");
        pages.seeOther(ctx, listing == Listing.FACILITY ? listing.page(id) : listing.page(id) + "/edit");
      } else if (!pages.failed(ctx, answer)) {
        render(ctx, 400, form, answer.fieldErrors(), answer.problemDetail());
      }
    }).onFailure(ctx::fail);
  }

  /** POST .../close (admins): the listing leaves the public directory. */
  void close(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Staff.of(ctx).admin()) {
      pages.notFound(ctx);
      return;
    }
    api.post(ctx, listing.api(id) + "/close", new JsonObject()).onSuccess(answer -> {
      if (answer.ok() || !pages.failed(ctx, answer)) pages.seeOther(ctx, "/console?closed=" + (answer.ok() ? "1" : "0"));
    }).onFailure(ctx::fail);
  }

  private JsonObject body(MultiMap form) {
    JsonObject body = new JsonObject();
    for (Field f : fields) {
      String typed = form.get(f.pointer());
      if (typed == null || typed.isBlank()) continue;
      Object value = switch (f.pointer()) {
        case "/openMonths" -> months(typed);
        case "/location/lat", "/location/lng" -> number(typed);
        case "/priceLevel" -> Figures.parse(typed);
        default -> typed.strip();
      };
      put(body, f.pointer(), value);
    }
    return body;
  }

  private void render(RoutingContext ctx, int status, MultiMap typed, Map<String, String> errors, String refusal) {
    Frame f = pages.frame(ctx, listing == Listing.FACILITY ? "create.facility.title" : "create.site.title");
    List<Input> inputs = new ArrayList<>();
    for (Field field : fields) {
      String label = f.t("create.field" + field.pointer().replace('/', '.'));
      String value = typed.get(field.pointer()) == null ? "" : typed.get(field.pointer());
      Input input = field.type().equals("select")
          ? Input.select(field.pointer(), label, value, field.options().stream().map(o -> new Input.Option(o, f.t("create.option." + o))).toList())
          : new Input(field.pointer(), label, field.type(), value, false, null, List.of());
      String error = errors.entrySet().stream().filter(e -> e.getKey().equals(field.pointer()) || e.getKey().startsWith(field.pointer() + "/"))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      inputs.add(error == null ? input : input.withError(error));
    }
    boolean allPlaced = errors.keySet().stream().allMatch(p -> fields.stream().anyMatch(x -> p.equals(x.pointer()) || p.startsWith(x.pointer() + "/")));
    pages.render(ctx, status, "create", f, Map.of("inputs", inputs, "action", listing == Listing.FACILITY ? "/console/admin/facilities" : "/console/admin/sites",
        "notice", errors.isEmpty() ? "" : "form.fix-fields", "refusal", allPlaced ? "" : refusal));
  }

  /** "3 4 5" or "3,4,5" as the months array; what is not a number goes as typed, for the API's rule. */
  private static JsonArray months(String typed) {
    JsonArray out = new JsonArray();
    for (String m : typed.split("[\\s,，、]+")) {
      if (!m.isEmpty()) out.add(Figures.parse(m));
    }
    return out;
  }

  private static Object number(String typed) {
    try {
      return Double.valueOf(typed.strip());
    } catch (NumberFormatException e) {
      return typed.strip();
    }
  }

  private static void put(JsonObject body, String pointer, Object value) {
    String[] parts = pointer.substring(1).split("/");
    JsonObject at = body;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(at.getValue(parts[i]) instanceof JsonObject)) at.put(parts[i], new JsonObject());
      at = at.getJsonObject(parts[i]);
    }
    at.put(parts[parts.length - 1], value);
  }
}
