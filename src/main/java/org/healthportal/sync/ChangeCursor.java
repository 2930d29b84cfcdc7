package org.healthportal.sync;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.ProblemType;
import org.healthportal.platform.http.Text;

/**
 * Where a client is in the change log: it has every change of transactions below {@code from}, and
 * of those in [{@code from}, {@code to}) the ones up to {@code afterSeq}. {@code to} is null between
 * batches: the next read takes every transaction finished by then. Bound to the types asked for.
 */
record ChangeCursor(String from, String to, long afterSeq, String types, long issuedAtSeconds) {

  /** Before anything: every transaction id is at least 0. */
  static ChangeCursor start(String types, Instant now) {
    return new ChangeCursor("0", null, 0, types, now.getEpochSecond());
  }

  String encode() {
    JsonObject json = new JsonObject().put("f", from).put("t", to).put("s", afterSeq).put("y", types).put("i", issuedAtSeconds);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** A client's {@code since}: 400 when it is not one of ours or for other types, 410 when too old. */
  static ChangeCursor decode(String since, String types, Instant now, Duration maxAge) {
    ChangeCursor cursor;
    try {
      JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(since), StandardCharsets.UTF_8));
      cursor = new ChangeCursor(xid(json.getString("f")), json.getString("t") == null ? null : xid(json.getString("t")),
          json.getLong("s"), json.getString("y"), json.getLong("i"));
    } catch (RuntimeException e) {
      throw Problem.invalidField("query", "since", Text.of("sync.since-unknown"));
    }
    if (!types.equals(cursor.types())) {
      throw Problem.invalidField("query", "since", Text.of("sync.since-other-types", cursor.types()));
    }
    if (now.getEpochSecond() - cursor.issuedAtSeconds() > maxAge.toSeconds()) {
      throw Problem.of(ProblemType.RESYNC_REQUIRED, "sync.cursor-expired", maxAge.toHours());
    }
    return cursor;
  }

  /** A transaction id as PostgreSQL's {@code xid8} reads it: 0 to 2^64 - 1 (beyond, the query would fail, not the cursor). */
  private static String xid(String value) {
    if (value == null || !value.matches("\\d{1,20}")) throw new IllegalArgumentException("not a transaction id");
    Long.parseUnsignedLong(value); // NumberFormatException past 2^64 - 1
    return value;
  }
}
