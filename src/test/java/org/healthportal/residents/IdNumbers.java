package org.healthportal.residents;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Builds valid test ID numbers (GB 11643 check character computed independently of IdNumber). */
public final class IdNumbers {

  private IdNumbers() {}

  public static String valid(String region, LocalDate birth, int sequence) {
    String first17 = region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence);
    int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += Character.getNumericValue(first17.charAt(i)) * weights[i];
    return first17 + "10X98765432".charAt(sum % 11);
  }
}
