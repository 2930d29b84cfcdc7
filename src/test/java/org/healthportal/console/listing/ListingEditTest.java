package org.healthportal.console.listing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.healthportal.console.Texts;
import org.healthportal.platform.http.Lang;
import org.junit.jupiter.api.Test;

/** The edit form's rules without a browser: what is sent, and what a lost race shows. */
class ListingEditTest {

  private static final JsonObject LISTING = new JsonObject()
      .put("phone", "0531-1").put("openingHours", "24/7")
      .put("careLevels", new JsonArray().add("self_care").add("dementia"))
      .put("prices", new JsonArray().add(new JsonObject().put("careLevel", "dementia").put("minMonthly", 5000).put("maxMonthly", 6000)))
      .put("services", new JsonArray().add("meals").add("rehabilitation"))
      .put("insurance", new JsonObject().put("medicalInsurance", true));

  private final ListingEdit edit = ListingEdit.facility(LISTING);
  private final Texts en = new Texts(Lang.EN);

  @Test
  void anUntouchedFormSendsNothing() {
    assertThat(edit.patch(edit.values(LISTING), edit.fromForm(formShowing(LISTING)))).isEmpty();
  }

  @Test
  void onlyTheChangedFieldsAreSentAndAnEmptyTextClearsIt() {
    MultiMap form = formShowing(LISTING).set("openingHours", "  ").set("prices.self_care.minMonthly", "2000")
        .set("insurance.ltcInsurance", "true");
    JsonObject patch = edit.patch(edit.values(LISTING), edit.fromForm(form));
    assertThat(patch.fieldNames()).containsExactlyInAnyOrder("openingHours", "prices", "insurance");
    assertThat(patch.getValue("openingHours")).isNull();
    assertThat(patch.getJsonArray("prices").getJsonObject(0)).isEqualTo(new JsonObject().put("careLevel", "self_care")
        .put("minMonthly", 2000).put("maxMonthly", null));
    assertThat(patch.getJsonObject("insurance")).isEqualTo(new JsonObject().put("medicalInsurance", true).put("ltcInsurance", true));
  }

  @Test
  void whatIsNotANumberIsSentAsTypedForTheApisRule() {
    JsonObject patch = edit.patch(edit.values(LISTING), edit.fromForm(formShowing(LISTING).set("prices.dementia.maxMonthly", "六千")));
    assertThat(patch.getJsonArray("prices").getJsonObject(1).getValue("maxMonthly")).isEqualTo("六千");
  }

  @Test
  void aLostRaceShowsTheirChangesBesideMineAndKeepsBoth() {
    JsonObject base = edit.values(LISTING);
    JsonObject theirs = edit.values(LISTING.copy().put("phone", "0531-2"));
    JsonObject mine = edit.patch(base, edit.fromForm(formShowing(LISTING).set("openingHours", "08:00-18:00")));

    List<ListingEdit.Conflict> rows = edit.conflicts(base, theirs, mine, en);
    assertThat(rows).extracting(ListingEdit.Conflict::label).containsExactly("Phone", "Opening hours");
    assertThat(rows.get(0)).isEqualTo(new ListingEdit.Conflict("Phone", "0531-1", "0531-2", "(unchanged)", false));
    assertThat(rows.get(1).mine()).isEqualTo("08:00-18:00");

    JsonObject shown = edit.onTop(theirs, mine);
    assertThat(edit.patch(theirs, shown)).isEqualTo(new JsonObject().put("openingHours", "08:00-18:00"));
  }

  @Test
  void bothChangingOneFieldIsFlagged() {
    JsonObject base = edit.values(LISTING);
    JsonObject theirs = edit.values(LISTING.copy().put("phone", "0531-2"));
    JsonObject mine = edit.patch(base, edit.fromForm(formShowing(LISTING).set("phone", "0531-3")));
    assertThat(edit.conflicts(base, theirs, mine, en)).singleElement().extracting(ListingEdit.Conflict::bothChanged).isEqualTo(true);
  }

  @Test
  void theApisErrorsLandBesideTheirInputs() {
    JsonObject sent = new JsonObject();
    List<ListingEdit.FieldView> form = edit.form(edit.values(LISTING),
        Map.of("/prices/1/maxMonthly", "must be at least 0", "/phone", "must match the phone pattern"), sent, en);
    assertThat(form.stream().flatMap(f -> f.inputs().stream()).filter(i -> i.error() != null).map(Input::name))
        .containsExactlyInAnyOrder("prices.dementia.maxMonthly", "phone");
    assertThat(edit.namesAll(Map.of("/prices/1/maxMonthly", "x"), sent)).isTrue();
    assertThat(edit.namesAll(Map.of("/kind", "x"), sent)).isFalse();
  }

  /** The form as the page would submit it untouched. */
  private MultiMap formShowing(JsonObject listing) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (ListingEdit.FieldView view : edit.form(edit.values(listing), Map.of(), null, en)) {
      for (Input in : view.inputs()) {
        if (!in.is("checkbox")) form.set(in.name(), in.value());
        else if (in.checked()) form.set(in.name(), "true");
      }
    }
    return form;
  }
}
