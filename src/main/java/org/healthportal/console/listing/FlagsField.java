package org.healthportal.console.listing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.healthportal.console.Texts;

/** An object of yes/no properties (insurance designations): one checkbox each. */
record FlagsField(String key, List<String> flags) implements EditableField {

  @Override
  public Object valueOf(JsonObject listing) {
    JsonObject current = listing.getJsonObject(key, new JsonObject());
    JsonObject out = new JsonObject();
    flags.forEach(flag -> out.put(flag, current.getBoolean(flag, false)));
    return out;
  }

  @Override
  public Object fromForm(MultiMap form) {
    JsonObject out = new JsonObject();
    flags.forEach(flag -> out.put(flag, "true".equals(form.get(key + "." + flag))));
    return out;
  }

  @Override
  public List<Input> inputs(Object value, Texts t) {
    JsonObject v = (JsonObject) value;
    List<Input> inputs = new ArrayList<>();
    flags.forEach(flag -> inputs.add(Input.checkbox(key + "." + flag, t.t("field." + key + "." + flag), v.getBoolean(flag, false))));
    return inputs;
  }

  @Override
  public String display(Object value, Texts t) {
    JsonObject v = (JsonObject) value;
    List<String> on = flags.stream().filter(flag -> v.getBoolean(flag, false)).map(flag -> t.t("field." + key + "." + flag)).toList();
    return on.isEmpty() ? t.t("value.none") : String.join(", ", on);
  }

  @Override
  public String label(Texts t) {
    return t.t("field." + key);
  }

  @Override
  public String inputFor(String pointer, Object sent) {
    for (String flag : flags) {
      if (pointer.equals("/" + key + "/" + flag)) return key + "." + flag;
    }
    return EditableField.super.inputFor(pointer, sent) == null ? null : key + "." + flags.get(0);
  }
}
