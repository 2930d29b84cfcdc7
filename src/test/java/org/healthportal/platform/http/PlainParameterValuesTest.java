package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Plain parameter values are read without a JSON parser per value, to exactly what the library's
 * transformer reads them as: compared with Jackson's decoding (the library's) on generated text.
 */
class PlainParameterValuesTest {

  private static final Pattern WORD = Pattern.compile("\\w+");
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");

  /** What the values were read as before: regular expressions, and Jackson for anything JSON. */
  private static Object byJackson(String raw, boolean stringSchema) {
    if (stringSchema && WORD.matcher(raw).matches()) return raw;
    if (JSON_NUMBER.matcher(raw).matches() || raw.equals("true") || raw.equals("false") || raw.equals("null")) {
      return Json.decodeValue(raw);
    }
    return "not JSON";
  }

  @Test
  void readsNumbersLiteralsAndWordsAsJacksonDoes() {
    List<String> inputs = new ArrayList<>(List.of("0", "-0", "0.0", "-0.0", "1", "-1", "2147483647", "2147483648", "-2147483648",
        "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "99999999999999999999999", "1e5", "1E5", "1e+5", "1e-5", "1.5e308", "1e400", "-1e400", "4.9e-324", "1e-400",
        "36.651234567890123456789", "117.12", "0.1", "123456789", "1234567890", "12345678901234567890", "true", "false",
        "null", "True", "01", "-", "1.", ".5", "1e", "1e+", "--1", "+1", "1.5.5", "0x10", "", "full_disability", "_", "a1",
        "36.65,117.12", "NaN", "Infinity", "1_000"));
    SplittableRandom random = new SplittableRandom(13);
    String alphabet = "0123456789-+.eE_aZ";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(24);
      for (int k = 0; k < length; k++) {
        // Mostly digits, so that many of the texts are numbers of every size.
        text.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('0' + random.nextInt(10)));
      }
      inputs.add(text.toString());
    }
    int numbers = 0;
    for (String raw : inputs) {
      for (boolean stringSchema : new boolean[] {false, true}) {
        Object expected = byJackson(raw, stringSchema);
        if ("not JSON".equals(expected)) {
          assertThat(PlainParameterValues.jsonNumber(raw)).as(raw).isZero();
          continue;
        }
        Object actual = PlainParameterValues.primitive(raw, stringSchema);
        assertThat(actual).as(raw).isEqualTo(expected);
        if (expected != null) assertThat(actual.getClass()).as(raw).isEqualTo(expected.getClass());
        if (expected instanceof Number) numbers++;
      }
    }
    assertThat(numbers).isGreaterThan(50_000);
  }
}
