package org.healthportal.residents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
      "99010519491231002X",  // no such province
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

  @Test
  void errorMessagesNeverContainTheNumber() {
    String raw = "110105194912310021";
    assertThatThrownBy(() -> IdNumber.parse(raw, TODAY)).satisfies(e -> assertThat(e.getMessage()).doesNotContain(raw));
  }
}
