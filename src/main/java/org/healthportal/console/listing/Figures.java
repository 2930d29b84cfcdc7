package org.healthportal.console.listing;

/** Numbers as staff type them into a form. */
public final class Figures {

  private Figures() {}

  /**
   * A whole number as one; empty as null; anything else as the text typed, so the API's own rule
   * ("must be an integer") comes back beside the input instead of the console guessing.
   */
  public static Object parse(String typed) {
    if (typed == null || typed.isBlank()) return null;
    try {
      return Integer.valueOf(typed.strip());
    } catch (NumberFormatException e) {
      return typed.strip();
    }
  }
}
