package org.healthportal.residents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdNumberTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  @Test
  void acceptsTheDocumentedExamples() {
    IdNumber a = IdNumber.parse("11010519491231002X", TODAY);
    assertThat(a.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
    assertThat(a.sex()).isEqualTo("female");
    IdNumber b = IdNumber.parse("440524188001010014", TODAY);
    assertThat(b.birthDate()).isEqualTo(LocalDate.of(1880, 1, 1));
    assertThat(b.sex()).isEqualTo("male");
  }

  /**
   * Residence permits of Hong Kong, Macau and Taiwan residents (exactly 810000, 820000, 830000) and
   * foreign permanent resident ID cards of 2023 (9, then any five digits), with computed check characters.
   */
  @ParameterizedTest
  @CsvSource({
      "810000, HK_MACAU_TAIWAN_RESIDENCE_PERMIT, 1978-04-09, 31, male",
      "820000, HK_MACAU_TAIWAN_RESIDENCE_PERMIT, 2001-02-28, 40, female",
      "830000, HK_MACAU_TAIWAN_RESIDENCE_PERMIT, 1950-12-31, 7, male",
      "937156, FOREIGN_PERMANENT_RESIDENT, 1985-12-01, 42, female",
      "911840, FOREIGN_PERMANENT_RESIDENT, 1990-06-15, 113, male",
      "999999, FOREIGN_PERMANENT_RESIDENT, 2020-02-29, 998, female",
      "900000, FOREIGN_PERMANENT_RESIDENT, 1960-01-01, 1, male"})
  void acceptsResidencePermitsAndForeignPermanentResidentCards(String first6, IdNumber.Kind kind, LocalDate birth, int sequence, String sex) {
    String id = IdNumbers.valid(first6, birth, sequence);
    IdNumber parsed = IdNumber.parse(id, TODAY);
    assertThat(parsed.kind()).isEqualTo(kind);
    assertThat(parsed.birthDate()).isEqualTo(birth);
    assertThat(parsed.sex()).isEqualTo(sex);
    assertThat(parsed.value()).isEqualTo(id);
    assertThat(parsed.toString()).isEqualTo(first6 + "********" + id.substring(14));
  }

  @Test
  void citizensNumbersAreCitizens() {
    assertThat(IdNumber.parse("11010519491231002X", TODAY).kind()).isEqualTo(IdNumber.Kind.CITIZEN);
    assertThat(IdNumber.parse(IdNumbers.valid("650102", LocalDate.of(2001, 1, 1), 1), TODAY).kind()).isEqualTo(IdNumber.Kind.CITIZEN);
  }

  /** Every kind: a lowercase x is the number with X, stored upper-case. */
  @ParameterizedTest
  @ValueSource(strings = {"370102", "810000", "820000", "830000", "937156"})
  void lowercaseXIsTheSameNumberForEveryKind(String first6) {
    String id = withCheck(first6, 'X');
    assertThat(IdNumber.parse(id.toLowerCase(), TODAY).value()).isEqualTo(id);
  }

  /** Every kind: each other check character is refused. */
  @ParameterizedTest
  @ValueSource(strings = {"370102", "810000", "820000", "830000", "937156", "900000"})
  void wrongCheckCharactersAreRefusedForEveryKind(String first6) {
    String id = IdNumbers.valid(first6, LocalDate.of(1960, 7, 15), 287);
    for (char c : "0123456789X".toCharArray()) {
      String other = id.substring(0, 17) + c;
      if (other.equals(id)) continue;
      assertThatThrownBy(() -> IdNumber.parse(other, TODAY)).as(other).hasMessageContaining("check character");
    }
  }

  /** Every kind: the birth date must exist and not be in the future. */
  @ParameterizedTest
  @ValueSource(strings = {"370102", "810000", "820000", "830000", "937156"})
  void birthDateRulesHoldForEveryKind(String first6) {
    for (String date : new String[] {"20230229", "19901301", "19900431", "19900100"}) {
      String id = IdNumbers.withCheck(first6 + date + "011");
      assertThatThrownBy(() -> IdNumber.parse(id, TODAY)).as(date).hasMessageContaining("does not exist");
    }
    assertThatThrownBy(() -> IdNumber.parse(IdNumbers.valid(first6, TODAY.plusDays(1), 11), TODAY)).hasMessageContaining("future");
    assertThatThrownBy(() -> IdNumber.parse(IdNumbers.valid(first6, LocalDate.of(2099, 1, 1), 11), TODAY)).hasMessageContaining("future");
    assertThatThrownBy(() -> IdNumber.parse(IdNumbers.valid(first6, LocalDate.of(1849, 12, 31), 11), TODAY)).hasMessageContaining("implausible");
    assertThat(IdNumber.parse(IdNumbers.valid(first6, TODAY, 11), TODAY).birthDate()).isEqualTo(TODAY);
    assertThat(IdNumber.parse(IdNumbers.valid(first6, LocalDate.of(2024, 2, 29), 11), TODAY).birthDate()).isEqualTo(LocalDate.of(2024, 2, 29));
  }

  /**
   * Only the mainland's province codes, the three exact permit codes and a leading 9 start a number.
   * 71, 81 and 82 are GB/T 2260 province codes under which no ID number is issued: apart from the
   * exact permit codes they are refused, as is 83 in any other form, even with a right check character.
   */
  @ParameterizedTest
  @ValueSource(strings = {"000000", "010105", "100000", "160000", "660000", "700000", "710000", "710102",
      "810001", "810101", "811000", "820001", "820100", "830001", "831000", "840000", "800000"})
  void wrongFirstDigitsAreRefusedEvenWithTheRightCheckCharacter(String first6) {
    String id = IdNumbers.valid(first6, LocalDate.of(1970, 1, 1), 101);
    assertThatThrownBy(() -> IdNumber.parse(id, TODAY)).hasMessageContaining("does not start with");
  }

  @Test
  void lowercaseXIsNormalised() {
    assertThat(IdNumber.parse("11010519491231002x", TODAY).value()).isEqualTo("11010519491231002X");
  }

  @Test
  void neverPrintsTheNumber() {
    assertThat(IdNumber.parse("11010519491231002X", TODAY).toString()).isEqualTo("110105********002X");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "110105194912310021",  // wrong check character
      "440524188001010015",  // wrong check character
      "11010519491231002",   // 17 characters
      "11010519491231002XX", // 19 characters
      "１１０１０５１９４９１２３１００２Ｘ", // full-width digits
      "110105 19491231002X", // embedded space (and 19 characters)
      "1101051949123 002X",  // embedded space
      "99010519491231002X",  // a foreign permanent resident card (9) with a wrong check character
      "71010519491231002X",  // Taiwan's province code is no citizen's region code
      "1101051949123100AX"   // letter inside
  })
  void rejectsMalformedNumbers(String raw) {
    assertThatThrownBy(() -> IdNumber.parse(raw, TODAY)).isInstanceOf(IdNumber.InvalidIdNumber.class);
  }

  @Test
  void rejectsImpossibleAndFutureBirthDates() {
    String feb30 = IdNumbers.valid("370102", LocalDate.of(1990, 2, 28), 123).replace("19900228", "19900230");
    assertThatThrownBy(() -> IdNumber.parse(feb30, TODAY)).hasMessageContaining("does not exist");
    String future = IdNumbers.valid("370102", TODAY.plusDays(1), 123);
    assertThatThrownBy(() -> IdNumber.parse(future, TODAY)).hasMessageContaining("future");
    assertThat(IdNumber.parse(IdNumbers.valid("370102", TODAY, 123), TODAY).birthDate()).isEqualTo(TODAY);
  }

  /** A valid number beginning with {@code first6} whose check character is {@code check}. */
  private static String withCheck(String first6, char check) {
    for (int sequence = 0; sequence < 1000; sequence++) {
      String id = IdNumbers.valid(first6, LocalDate.of(1975, 3, 3), sequence);
      if (id.charAt(17) == check) return id;
    }
    throw new AssertionError("no sequence gives " + check);
  }

  @Test
  void errorMessagesNeverContainTheNumber() {
    String raw = "110105194912310021";
    assertThatThrownBy(() -> IdNumber.parse(raw, TODAY)).satisfies(e -> assertThat(e.getMessage()).doesNotContain(raw));
  }
}
