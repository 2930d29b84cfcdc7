package org.healthportal.console.listing;

import java.util.List;

/**
 * One form control as a template draws it: a labelled text, number, checkbox or select input, with
 * the API's rule beside it when the last attempt broke one.
 *
 * @param options for a select: value and label pairs
 */
public record Input(String name, String label, String type, String value, boolean checked, String error, List<Option> options) {

  public record Option(String value, String label) {}

  public static Input text(String name, String label, String value) {
    return new Input(name, label, "text", value == null ? "" : value, false, null, List.of());
  }

  public static Input number(String name, String label, Object value) {
    return new Input(name, label, "number", value == null ? "" : value.toString(), false, null, List.of());
  }

  public static Input checkbox(String name, String label, boolean checked) {
    return new Input(name, label, "checkbox", "true", checked, null, List.of());
  }

  public static Input select(String name, String label, String value, List<Option> options) {
    return new Input(name, label, "select", value == null ? "" : value, false, null, options);
  }

  public Input withError(String error) {
    return new Input(name, label, type, value, checked, error, options);
  }

  /** The element id: names may hold dots, ids are kept to what CSS selectors take plainly. */
  public String id() {
    return "in-" + name.replaceAll("[^A-Za-z0-9_]", "-");
  }

  public boolean is(String kind) {
    return type.equals(kind);
  }

  public boolean selected(Option o) {
    return o.value().equals(value);
  }
}
