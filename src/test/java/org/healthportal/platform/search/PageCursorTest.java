package org.healthportal.platform.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keyset page cursors: what goes out comes back, and what a client made up or moved is a 400 naming cursor. */
class PageCursorTest {

  private static final UUID ID = UUID.fromString("0b6f6a3e-2c1d-4f5e-9a8b-7c6d5e4f3a2b");
  private static final String QUERY = PageCursor.fingerprint("kind=care_home&sort=name");

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(String cursor, PageCursor.ValueType type, String detail) {
    assertThatThrownBy(() -> PageCursor.decode(cursor, QUERY, type)).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.errors()).hasSize(1);
      assertThat(p.errors().get(0).field()).isEqualTo("cursor");
      assertThat(p.errors().get(0).in()).isEqualTo("query");
      assertThat(p.errors().get(0).detail().in(Lang.EN)).isEqualTo(detail);
    });
  }

  private static final String MALFORMED = "cursor is malformed; pass nextCursor unchanged";
  private static final String OTHER = "cursor belongs to a different query; start again without it";

  @Test
  void roundTripsForEverySortType() {
    for (Object[] c : new Object[][] {{"养老院 A", PageCursor.ValueType.TEXT}, {42, PageCursor.ValueType.INT}, {1234.5, PageCursor.ValueType.FLOAT},
        {7, PageCursor.ValueType.FLOAT}, {"", PageCursor.ValueType.TEXT}}) {
      String encoded = new PageCursor(c[0], ID).encode(QUERY);
      assertThat(encoded).matches("[A-Za-z0-9_-]+"); // URL-safe, no padding: goes into a query string as is
      PageCursor back = PageCursor.decode(encoded, QUERY, (PageCursor.ValueType) c[1]);
      assertThat(back.id()).isEqualTo(ID);
      assertThat(back.sortValue()).isEqualTo(c[1] == PageCursor.ValueType.FLOAT ? ((Number) c[0]).doubleValue() : c[0]);
    }
    assertThat(PageCursor.decode(null, QUERY, PageCursor.ValueType.TEXT)).isNull();
  }

  @Test
  void aCursorOfAnotherQueryIsRefused() {
    String fromOther = new PageCursor("x", ID).encode(PageCursor.fingerprint("kind=care_home&sort=distance"));
    refused(fromOther, PageCursor.ValueType.TEXT, OTHER);
    // A client that rewrites the fingerprint to the one of its new query still needs a well-formed cursor.
    refused(b64(new JsonObject().put("v", "x").put("i", ID.toString()).encode()), PageCursor.ValueType.TEXT, OTHER);
  }

  @Test
  void fingerprintsAreShortStableAndDistinct() {
    assertThat(PageCursor.fingerprint("a")).hasSize(16).isEqualTo(PageCursor.fingerprint("a")).isNotEqualTo(PageCursor.fingerprint("b"));
  }

  /** Every single character changed in an encoded cursor: refused or, where base64 hides it, decoded to the same cursor. */
  @Test
  void everyOneCharacterChangeIsRefusedOrHarmless() {
    String encoded = new PageCursor(42, ID).encode(QUERY);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int refused = 0;
    int total = 0;
    for (int i = 0; i < encoded.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == encoded.charAt(i)) continue;
        total++;
        String changed = encoded.substring(0, i) + c + encoded.substring(i + 1);
        try {
          PageCursor back = PageCursor.decode(changed, QUERY, PageCursor.ValueType.INT);
          // Changing the value or the id to another well-formed one only moves where the page starts in the
          // same public listing (cursors are not signed); changing the fingerprint never passes.
          assertThat(back.sortValue() instanceof Integer).isTrue();
        } catch (Problem p) {
          assertThat(p.status()).isEqualTo(400);
          assertThat(p.errors().get(0).field()).isEqualTo("cursor");
          refused++;
        }
      }
    }
    assertThat(refused).as(refused + " of " + total + " refused").isGreaterThan(total / 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!!!", "not base64 at all", "bnVsbA", "W10", "Ig"}) // "", junk, "null", "[]", a lone quote
  void garbageIsMalformed(String cursor) {
    refused(cursor, PageCursor.ValueType.TEXT, MALFORMED);
  }

  @Test
  void anEmptyObjectIsOfNoQuery() {
    refused(b64("{}"), PageCursor.ValueType.TEXT, OTHER);
  }

  @Test
  void fieldsOfTheWrongShapeAreMalformed() {
    String id = ID.toString();
    refused(b64(new JsonObject().put("i", id).put("q", QUERY).encode()), PageCursor.ValueType.TEXT, MALFORMED); // no value
    refused(b64(new JsonObject().put("v", "x").put("q", QUERY).encode()), PageCursor.ValueType.TEXT, MALFORMED); // no id
    refused(b64(new JsonObject().put("v", "x").put("i", "not-a-uuid").put("q", QUERY).encode()), PageCursor.ValueType.TEXT, MALFORMED);
    refused(b64(new JsonObject().put("v", 5).put("i", id).put("q", QUERY).encode()), PageCursor.ValueType.TEXT, MALFORMED);
    refused(b64(new JsonObject().put("v", "5").put("i", id).put("q", QUERY).encode()), PageCursor.ValueType.INT, MALFORMED);
    refused(b64(new JsonObject().put("v", 1.5).put("i", id).put("q", QUERY).encode()), PageCursor.ValueType.INT, MALFORMED);
    refused(b64(new JsonObject().put("v", 1e12).put("i", id).put("q", QUERY).encode()), PageCursor.ValueType.INT, MALFORMED);
    refused(b64(new JsonObject().put("v", true).put("i", id).put("q", QUERY).encode()), PageCursor.ValueType.FLOAT, MALFORMED);
    refused(b64(new JsonObject().put("v", new JsonObject()).put("i", id).put("q", QUERY).encode()), PageCursor.ValueType.TEXT, MALFORMED);
    refused(b64(new JsonObject().put("v", "x").put("i", 7).put("q", QUERY).encode()), PageCursor.ValueType.TEXT, MALFORMED);
  }
}
