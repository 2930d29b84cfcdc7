package org.healthportal.console.listing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import org.healthportal.console.Texts;

/** A list of codes (services), typed as words separated by spaces or commas. */
record WordsField(String key) implements EditableField {

  @Override
  public Object valueOf(JsonObject listing) {
    return listing.getJsonArray(key, new JsonArray()).copy();
  }

  @Override
  public Object fromForm(MultiMap form) {
    String v = form.get(key);
    JsonArray words = new JsonArray();
    if (v != null) Arrays.stream(v.split("[\\s,，、]+")).filter(w -> !w.isEmpty()).forEach(words::add);
    return words;
  }

  @Override
  public List<Input> inputs(Object value, Texts t) {
    return List.of(Input.text(key, label(t), display(value, t)));
  }

  @Override
  public String display(Object value, Texts t) {
    JsonArray words = (JsonArray) value;
    return words.isEmpty() ? "" : String.join(" ", words.stream().map(String::valueOf).toList());
  }

  @Override
  public String label(Texts t) {
    return t.t("field." + key);
  }
}
