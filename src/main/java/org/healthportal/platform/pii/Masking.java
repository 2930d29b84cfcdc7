package org.healthportal.platform.pii;

/** How personal identifiers appear in every response: enough to recognise, not enough to use. */
public final class Masking {

  private Masking() {}

  /** {@code 110105********002X}: region code and the last four characters. */
  public static String idNumber(String id) {
    if (id == null || id.length() < 10) return "****";
    return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
  }

  /** {@code 138****5678}: the first three and last four digits. */
  public static String phone(String phone) {
    if (phone == null) return null;
    String digits = phone.replaceAll("[^0-9]", "");
    if (digits.length() < 7) return "****";
    return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
  }
}
