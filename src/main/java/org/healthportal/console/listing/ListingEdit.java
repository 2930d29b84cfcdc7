package org.healthportal.console.listing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.healthportal.console.Texts;

/**
 * The edit form of one listing, and what makes concurrent edits safe: the form carries the values it
 * showed ({@code base}) and the listing's ETag. Only what the staff member changed against the base
 * is sent, as a merge patch with {@code If-Match}. When someone else saved first (412), their changes
 * are the differences between the base and the listing now; the page shows them beside this edit and
 * offers to apply this edit on top of the new version, so nothing is lost silently.
 */
public final class ListingEdit {

  /** One field's row on the conflict page. */
  public record Conflict(String label, String before, String theirs, String mine, boolean bothChanged) {}

  /** One field's inputs on the form, with its label. */
  public record FieldView(String label, List<Input> inputs) {}

  private final List<EditableField> fields;

  public ListingEdit(List<EditableField> fields) {
    this.fields = fields;
  }

  /** The editable values of {@code listing}: what a form shows and what the next attempt is compared with. */
  public JsonObject values(JsonObject listing) {
    JsonObject out = new JsonObject();
    fields.forEach(f -> out.put(f.key(), f.valueOf(listing)));
    return out;
  }

  /** The values the submitted form holds. */
  public JsonObject fromForm(MultiMap form) {
    JsonObject out = new JsonObject();
    fields.forEach(f -> out.put(f.key(), f.fromForm(form)));
    return out;
  }

  /** The merge patch of what changed from {@code base} to {@code mine} (empty when nothing did). */
  public JsonObject patch(JsonObject base, JsonObject mine) {
    JsonObject patch = new JsonObject();
    fields.forEach(f -> {
      if (!Objects.equals(base.getValue(f.key()), mine.getValue(f.key()))) patch.put(f.key(), mine.getValue(f.key()));
    });
    return patch;
  }

  /**
   * After a lost race: the values to show (the listing now, with this edit's changes on top) and, for
   * every field either side changed, the row that says who changed what.
   */
  public JsonObject onTop(JsonObject current, JsonObject myPatch) {
    JsonObject merged = current.copy();
    myPatch.forEach(e -> merged.put(e.getKey(), e.getValue()));
    return merged;
  }

  public List<Conflict> conflicts(JsonObject base, JsonObject current, JsonObject myPatch, Texts t) {
    List<Conflict> rows = new ArrayList<>();
    for (EditableField f : fields) {
      Object before = base.getValue(f.key());
      Object now = current.getValue(f.key());
      boolean theirs = !Objects.equals(before, now);
      boolean mine = myPatch.containsKey(f.key());
      if (!theirs && !mine) continue;
      rows.add(new Conflict(f.label(t), f.display(before, t), theirs ? f.display(now, t) : t.t("conflict.unchanged"),
          mine ? f.display(myPatch.getValue(f.key()), t) : t.t("conflict.unchanged"), theirs && mine));
    }
    return rows;
  }

  /** The form's fields showing {@code values}, each input with the API's rule when {@code errors} (by pointer) names it. */
  public List<FieldView> form(JsonObject values, Map<String, String> errors, JsonObject sent, Texts t) {
    List<FieldView> views = new ArrayList<>();
    for (EditableField f : fields) {
      List<Input> inputs = new ArrayList<>(f.inputs(values.getValue(f.key()), t));
      errors.forEach((pointer, rule) -> {
        String name = f.inputFor(pointer, sent == null ? null : sent.getValue(f.key()));
        if (name == null) return;
        for (int i = 0; i < inputs.size(); i++) {
          if (inputs.get(i).name().equals(name)) inputs.set(i, inputs.get(i).withError(rule));
        }
      });
      views.add(new FieldView(f.label(t), inputs));
    }
    return views;
  }

  /** Whether some error's pointer names none of the form's inputs (shown at the top instead). */
  public boolean namesAll(Map<String, String> errors, JsonObject sent) {
    return errors.keySet().stream().allMatch(p -> fields.stream().anyMatch(f -> f.inputFor(p, sent == null ? null : sent.getValue(f.key())) != null));
  }

  /** A facility's form: phone, opening hours, prices per accepted care level, services, insurance. */
  public static ListingEdit facility(JsonObject listing) {
    return new ListingEdit(List.of(new TextField("phone"), new TextField("openingHours"), PricesField.of(listing),
        new WordsField("services"), new FlagsField("insurance", List.of("medicalInsurance", "ltcInsurance"))));
  }

  /** A tourism site's form: phone, opening hours, price level, wellness services, description. */
  public static ListingEdit site() {
    return new ListingEdit(List.of(new TextField("phone"), new TextField("openingHours"),
        new ChoiceField("priceLevel", List.of(1, 2, 3, 4)), new WordsField("services"),
        new TextField("descriptionZh")));
  }
}
