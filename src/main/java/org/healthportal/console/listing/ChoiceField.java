package org.healthportal.console.listing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.healthportal.console.Texts;

/** One of a few whole numbers the contract allows (a tourism site's price level, 1 to 4), as a select. */
record ChoiceField(String key, List<Integer> choices) implements EditableField {

  @Override
  public Object valueOf(JsonObject listing) {
    return listing.getInteger(key);
  }

  @Override
  public Object fromForm(MultiMap form) {
    String v = form.get(key);
    try {
      return v == null || v.isBlank() ? null : Integer.valueOf(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public List<Input> inputs(Object value, Texts t) {
    return List.of(Input.select(key, label(t), value == null ? "" : value.toString(),
        choices.stream().map(c -> new Input.Option(c.toString(), t.t("field." + key + "." + c))).toList()));
  }

  @Override
  public String display(Object value, Texts t) {
    return value == null ? t.t("value.none") : t.t("field." + key + "." + value);
  }

  @Override
  public String label(Texts t) {
    return t.t("field." + key);
  }
}
