package org.healthportal.console.listing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.healthportal.console.Texts;

/** A short text the API may clear ({@code null}): an empty input clears it. */
record TextField(String key) implements EditableField {

  @Override
  public Object valueOf(JsonObject listing) {
    return listing.getString(key);
  }

  @Override
  public Object fromForm(MultiMap form) {
    String v = form.get(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  @Override
  public List<Input> inputs(Object value, Texts t) {
    return List.of(Input.text(key, label(t), (String) value));
  }

  @Override
  public String display(Object value, Texts t) {
    return value == null ? t.t("value.none") : value.toString();
  }

  @Override
  public String label(Texts t) {
    return t.t("field." + key);
  }
}
