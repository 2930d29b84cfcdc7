package org.healthportal.platform.search;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Text;

/**
 * An opaque keyset cursor: the sort value and id of the last item of a page, bound to the query
 * that produced it (a fingerprint of its filters and sort), so it cannot be replayed elsewhere.
 */
public record PageCursor(Object sortValue, UUID id) {

  /** SQL types a sort value can have, with the Java type the database client expects for each. */
  public enum ValueType {
    TEXT("text"), INT("int"), FLOAT("float8");

    public final String sqlType;

    ValueType(String sqlType) {
      this.sqlType = sqlType;
    }

    Object coerce(Object v) {
      return switch (this) {
        case TEXT -> (String) v;
        case INT -> {
          Number n = (Number) v;
          if (n.doubleValue() != n.intValue()) throw new IllegalArgumentException("not an int");
          yield n.intValue();
        }
        case FLOAT -> ((Number) v).doubleValue();
      };
    }
  }

  /** Encodes for {@code nextCursor}. */
  public String encode(String fingerprint) {
    JsonObject json = new JsonObject().put("v", sortValue).put("i", id.toString()).put("q", fingerprint);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a client's cursor; 400 naming {@code cursor} when it is malformed or from another query.
   *
   * @return null when {@code cursor} is absent
   */
  public static PageCursor decode(String cursor, String fingerprint, ValueType valueType) {
    if (cursor == null) return null;
    try {
      JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      if (!fingerprint.equals(json.getString("q"))) {
        throw Problem.invalidField("query", "cursor", Text.of("search.cursor-other-query"));
      }
      Object value = json.getValue("v");
      if (value == null) throw new IllegalArgumentException("no value");
      return new PageCursor(valueType.coerce(value), UUID.fromString(json.getString("i")));
    } catch (IllegalArgumentException | NullPointerException | DecodeException | ClassCastException e) {
      throw Problem.invalidField("query", "cursor", Text.of("search.cursor-malformed"));
    }
  }

  /** A short stable fingerprint of a query's canonical form. */
  public static String fingerprint(String canonicalQuery) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalQuery.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
