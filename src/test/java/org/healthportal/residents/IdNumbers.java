package org.healthportal.residents;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Builds valid test ID numbers (GB 11643 check character computed independently of IdNumber). */
public final class IdNumbers {

  private IdNumbers() {}

  /**
   * A number of any kind: {@code first6} is a region code for a citizen, 810000/820000/830000 for a
   * Hong Kong, Macau or Taiwan residence permit, or 9xxxxx for a foreign permanent resident ID card.
   */
  public static String valid(String first6, LocalDate birth, int sequence) {
    return withCheck(first6 + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence));
  }

  /** {@code first17} followed by its ISO 7064 MOD 11-2 check character, whatever the digits mean. */
  public static String withCheck(String first17) {
    int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += Character.getNumericValue(first17.charAt(i)) * weights[i];
    return first17 + "10X98765432".charAt(sum % 11);
  }
}
