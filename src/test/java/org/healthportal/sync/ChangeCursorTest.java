package org.healthportal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Delta-sync cursors: round trip, bound to the types, expiry by the clock, and what a client made up. */
class ChangeCursorTest {

  private static final Instant NOW = Instant.parse("2026-11-28T01:00:00Z");
  private static final Duration MAX_AGE = Duration.ofHours(72);
  private static final String TYPES = "facility,tourism-site";

  private static String b64(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject valid() {
    return new JsonObject().put("f", "1000").put("t", "1200").put("s", 17L).put("y", TYPES).put("i", NOW.getEpochSecond());
  }

  private static void unknown(String since) {
    assertThatThrownBy(() -> ChangeCursor.decode(since, TYPES, NOW, MAX_AGE)).as(since).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.errors().get(0).field()).isEqualTo("since");
      assertThat(p.errors().get(0).detail().in(Lang.EN)).startsWith("since is not a cursor this server issued");
    });
  }

  @Test
  void roundTrips() {
    ChangeCursor between = new ChangeCursor("123", null, 0, TYPES, NOW.getEpochSecond());
    ChangeCursor within = new ChangeCursor("123", "18446744073709551615", Long.MAX_VALUE, TYPES, NOW.getEpochSecond() - 60);
    assertThat(ChangeCursor.decode(between.encode(), TYPES, NOW, MAX_AGE)).isEqualTo(between);
    assertThat(ChangeCursor.decode(within.encode(), TYPES, NOW, MAX_AGE)).isEqualTo(within);
    ChangeCursor start = ChangeCursor.start(TYPES, NOW);
    assertThat(start).isEqualTo(new ChangeCursor("0", null, 0, TYPES, NOW.getEpochSecond()));
    assertThat(start.encode()).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void aCursorForOtherTypesIsRefusedNamingThem() {
    String since = new ChangeCursor("5", null, 0, "facility", NOW.getEpochSecond()).encode();
    assertThatThrownBy(() -> ChangeCursor.decode(since, TYPES, NOW, MAX_AGE)).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.errors().get(0).detail().in(Lang.EN)).isEqualTo("since was issued for types facility; ask for the same types, or resync without since");
    });
  }

  /** The age is measured on the clock passed in: exactly the maximum age still continues, a second more is 410. */
  @Test
  void anOldCursorAsksForAResync() {
    ChangeCursor cursor = ChangeCursor.start(TYPES, NOW);
    assertThat(ChangeCursor.decode(cursor.encode(), TYPES, NOW.plus(MAX_AGE), MAX_AGE)).isEqualTo(cursor);
    assertThatThrownBy(() -> ChangeCursor.decode(cursor.encode(), TYPES, NOW.plus(MAX_AGE).plusSeconds(1), MAX_AGE))
        .isInstanceOfSatisfying(Problem.class, p -> {
          assertThat(p.status()).isEqualTo(410);
          assertThat(p.type()).endsWith("/resync-required");
          assertThat(p.detail(Lang.EN)).isEqualTo("This cursor is older than 72 h. Resync: read /v1/changes without since and replace your copy.");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!!", "e30", "bnVsbA", "W10", "MTIz"}) // "", junk, "{}", "null", "[]", "123"
  void garbageIsNotACursorOfOurs(String since) {
    unknown(since);
  }

  @Test
  void fieldsOfTheWrongShapeAreRefused() {
    unknown(b64(valid().put("f", "-1")));
    unknown(b64(valid().put("f", "12a")));
    unknown(b64(valid().put("f", "1e3")));
    unknown(b64(valid().put("f", "")));
    unknown(b64(valid().putNull("f")));
    unknown(b64(valid().put("t", "1 OR 1=1")));
    unknown(b64(valid().put("f", "123456789012345678901"))); // 21 digits
    // 20 digits beyond the largest transaction id (2^64 - 1): PostgreSQL's xid8 would refuse it
    unknown(b64(valid().put("f", "18446744073709551616")));
    unknown(b64(valid().put("t", "99999999999999999999")));
    unknown(b64(valid().put("s", "seventeen")));
    unknown(b64(valid().putNull("s")));
    unknown(b64(valid().put("i", "yesterday")));
    unknown(b64(valid().putNull("i")));
  }

  @Test
  void theLargestTransactionIdIsAccepted() {
    JsonObject json = valid().put("f", "18446744073709551615").put("t", "18446744073709551615");
    assertThat(ChangeCursor.decode(b64(json), TYPES, NOW, MAX_AGE).from()).isEqualTo("18446744073709551615");
  }
}
