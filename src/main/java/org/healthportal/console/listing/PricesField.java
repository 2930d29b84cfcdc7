package org.healthportal.console.listing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.healthportal.console.Texts;

/**
 * Monthly prices per care level the facility accepts: a lowest and a highest figure each. The patch
 * sends every accepted level's prices, in the listing's order, so an error's index names its level.
 */
record PricesField(List<String> careLevels) implements EditableField {

  static PricesField of(JsonObject listing) {
    List<String> levels = new ArrayList<>();
    listing.getJsonArray("careLevels", new JsonArray()).forEach(l -> levels.add(String.valueOf(l)));
    return new PricesField(List.copyOf(levels));
  }

  @Override
  public String key() {
    return "prices";
  }

  @Override
  public Object valueOf(JsonObject listing) {
    JsonArray out = new JsonArray();
    JsonArray prices = listing.getJsonArray("prices", new JsonArray());
    for (String level : careLevels) {
      JsonObject p = prices.stream().map(JsonObject.class::cast).filter(o -> level.equals(o.getString("careLevel"))).findFirst()
          .orElse(new JsonObject());
      out.add(price(level, p.getInteger("minMonthly"), p.getInteger("maxMonthly")));
    }
    return out;
  }

  @Override
  public Object fromForm(MultiMap form) {
    JsonArray out = new JsonArray();
    for (String level : careLevels) {
      out.add(price(level, Figures.parse(form.get("prices." + level + ".minMonthly")), Figures.parse(form.get("prices." + level + ".maxMonthly"))));
    }
    return out;
  }

  @Override
  public List<Input> inputs(Object value, Texts t) {
    List<Input> inputs = new ArrayList<>();
    JsonArray prices = (JsonArray) value;
    for (int i = 0; i < careLevels.size(); i++) {
      String level = careLevels.get(i);
      JsonObject p = prices.getJsonObject(i);
      String levelName = t.t("care." + level);
      inputs.add(Input.number("prices." + level + ".minMonthly", t.t("field.prices.min", levelName), p.getValue("minMonthly")));
      inputs.add(Input.number("prices." + level + ".maxMonthly", t.t("field.prices.max", levelName), p.getValue("maxMonthly")));
    }
    return inputs;
  }

  @Override
  public String display(Object value, Texts t) {
    JsonArray prices = (JsonArray) value;
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < prices.size(); i++) {
      JsonObject p = prices.getJsonObject(i);
      parts.add(t.t("care." + p.getString("careLevel")) + " " + figure(p.getValue("minMonthly")) + "–" + figure(p.getValue("maxMonthly")));
    }
    return String.join("; ", parts);
  }

  @Override
  public String label(Texts t) {
    return t.t("field.prices");
  }

  @Override
  public String inputFor(String pointer, Object sent) {
    String[] parts = pointer.split("/");
    // "", "prices", index, property
    if (parts.length >= 3 && parts[1].equals("prices")) {
      try {
        int i = Integer.parseInt(parts[2]);
        if (i >= 0 && i < careLevels.size()) return "prices." + careLevels.get(i) + "." + (parts.length > 3 ? parts[3] : "minMonthly");
      } catch (NumberFormatException ignored) {
        // not an index: falls through
      }
      return careLevels.isEmpty() ? null : "prices." + careLevels.get(0) + ".minMonthly";
    }
    return null;
  }

  private static JsonObject price(String level, Object min, Object max) {
    return new JsonObject().put("careLevel", level).put("minMonthly", min).put("maxMonthly", max);
  }

  private static String figure(Object v) {
    return v == null ? "?" : v.toString();
  }
}
