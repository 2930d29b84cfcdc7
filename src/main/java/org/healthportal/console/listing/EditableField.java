package org.healthportal.console.listing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.healthportal.console.Texts;

/**
 * One property of a listing that the console's edit form changes, as the API's merge patch names
 * it. Values are compared as JSON (strings, null, booleans, arrays, objects), so "changed" means
 * what the API would store differs.
 */
public interface EditableField {

  /** The merge-patch property. */
  String key();

  /** The property's value in a listing as the API returns it, in the same shape {@link #fromForm} builds. */
  Object valueOf(JsonObject listing);

  /** The value the form's inputs hold. */
  Object fromForm(MultiMap form);

  /** The inputs showing {@code value}. */
  List<Input> inputs(Object value, Texts t);

  /** {@code value} in words, for the page that shows a conflicting change. */
  String display(Object value, Texts t);

  String label(Texts t);

  /** The input a failing field's JSON pointer points into ({@code /prices/1/minMonthly}), given the sent value; null if none. */
  default String inputFor(String pointer, Object sent) {
    return pointer.equals("/" + key()) || pointer.startsWith("/" + key() + "/") ? key() : null;
  }
}
