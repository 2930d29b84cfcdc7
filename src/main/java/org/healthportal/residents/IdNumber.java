package org.healthportal.residents;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Text;

/**
 * An 18-character personal ID number, checked by the rules of GB 11643-1999: a real birth date in
 * digits 7–14 that is not in the future, and the ISO 7064 MOD 11-2 check character. Three kinds
 * share that layout and differ in the first six digits ({@link Kind}):
 * <ul>
 *   <li>a citizen's resident ID number (居民身份证号): a region code of a mainland province
 *       (11–65);</li>
 *   <li>a residence permit for Hong Kong, Macau or Taiwan residents (港澳台居民居住证): exactly
 *       {@code 810000}, {@code 820000} or {@code 830000};</li>
 *   <li>a foreign permanent resident ID card, 2023 edition (外国人永久居留身份证): first digit
 *       {@code 9}; digits 2–6 (issuing province, nationality) are not checked.</li>
 * </ul>
 * A number starting with 71, 81 or 82 is none of them unless it is one of the exact permit codes:
 * those are province-level codes of GB/T 2260 under which no resident ID number is issued.
 *
 * <p>A lowercase {@code x} is accepted as {@code X}; nothing else is normalised
 * (no trimming, no full-width digits), so what is stored is exactly what was checked.
 *
 * <p>{@link #toString()} is masked, so an instance can never leak into a log by accident.
 */
public final class IdNumber {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK = "10X98765432";
  /** First two digits of the GB/T 2260 codes of the mainland's province-level divisions. */
  private static final Set<String> PROVINCES = Set.of(
      "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
      "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65");
  /** The address codes that stand in for a region code on residence permits. */
  private static final Set<String> PERMIT_CODES = Set.of("810000", "820000", "830000");

  /** Which document a number belongs to; derived from the number, never stored on its own. */
  public enum Kind {
    /** 居民身份证: a citizen's resident ID number. */
    CITIZEN,
    /** 港澳台居民居住证: residence permit of a Hong Kong, Macau or Taiwan resident. */
    HK_MACAU_TAIWAN_RESIDENCE_PERMIT,
    /** 外国人永久居留身份证 (2023 edition). */
    FOREIGN_PERMANENT_RESIDENT
  }

  private final String value;
  private final LocalDate birthDate;
  private final Kind kind;

  private IdNumber(String value, LocalDate birthDate, Kind kind) {
    this.value = value;
    this.birthDate = birthDate;
    this.kind = kind;
  }

  /** Thrown with a reason a person can act on (a message {@code id-number.*}); never contains the number itself. */
  public static final class InvalidIdNumber extends RuntimeException {
    private final Text reason;

    InvalidIdNumber(String key, Object... args) {
      this(Text.of("id-number." + key, args));
    }

    private InvalidIdNumber(Text reason) {
      super(reason.in(Lang.EN), null, false, false);
      this.reason = reason;
    }

    /** Why, to follow "The ID number" in any language. */
    public Text reason() {
      return reason;
    }
  }

  public static IdNumber parse(String raw, LocalDate today) {
    if (raw == null) throw new InvalidIdNumber("required");
    if (raw.length() != 18) throw new InvalidIdNumber("length", raw.length());
    String id = raw.charAt(17) == 'x' ? raw.substring(0, 17) + 'X' : raw;
    for (int i = 0; i < 17; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') throw new InvalidIdNumber("digits");
    }
    char last = id.charAt(17);
    if ((last < '0' || last > '9') && last != 'X') throw new InvalidIdNumber("last");
    Kind kind = kindOf(id);
    LocalDate birth;
    try {
      birth = LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14)));
    } catch (DateTimeException e) {
      throw new InvalidIdNumber("no-such-date");
    }
    if (birth.isAfter(today)) throw new InvalidIdNumber("future");
    if (birth.getYear() < 1850) throw new InvalidIdNumber("implausible-year");
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (id.charAt(i) - '0') * WEIGHTS[i];
    if (CHECK.charAt(sum % 11) != last) throw new InvalidIdNumber("check");
    return new IdNumber(id, birth, kind);
  }

  private static Kind kindOf(String id) {
    if (PERMIT_CODES.contains(id.substring(0, 6))) return Kind.HK_MACAU_TAIWAN_RESIDENCE_PERMIT;
    if (id.charAt(0) == '9') return Kind.FOREIGN_PERMANENT_RESIDENT;
    if (PROVINCES.contains(id.substring(0, 2))) return Kind.CITIZEN;
    throw new InvalidIdNumber("region");
  }

  /** The normalised number; handle with care (encrypt, hash, mask). */
  public String value() {
    return value;
  }

  public Kind kind() {
    return kind;
  }

  public LocalDate birthDate() {
    return birthDate;
  }

  /** The 17th digit is odd for males. */
  public String sex() {
    return (value.charAt(16) - '0') % 2 == 1 ? "male" : "female";
  }

  @Override
  public String toString() {
    return org.healthportal.platform.pii.Masking.idNumber(value);
  }
}
