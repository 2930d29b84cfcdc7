package org.healthportal.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Text;

/** SQL and JSON of notification preferences; an account without a row has {@link Preferences#DEFAULTS}. */
final class PreferenceStore {

  private final Pool pool;

  PreferenceStore(Pool pool) {
    this.pool = pool;
  }

  Future<Preferences> get(String owner) {
    return of(pool, Set.of(owner)).map(found -> found.getOrDefault(owner, Preferences.DEFAULTS));
  }

  /** The preferences of those owners that have any (in the caller's transaction when {@code client} is its connection). */
  static Future<Map<String, Preferences>> of(SqlClient client, Collection<String> owners) {
    return client.preparedQuery("SELECT * FROM notification_preference WHERE owner_subject = ANY($1)")
        .execute(Tuple.of(owners.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Preferences> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString("owner_subject"), preferences(r)));
          return out;
        });
  }

  Future<Preferences> put(String owner, Preferences p) {
    return pool.preparedQuery("INSERT INTO notification_preference (owner_subject, muted_kinds, quiet_start, quiet_end, language)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (owner_subject) DO UPDATE SET muted_kinds = $2, quiet_start = $3,"
            + " quiet_end = $4, language = $5, updated_at = now()")
        .execute(Tuple.of(owner, p.muted().stream().map(NotificationKind::wire).sorted().toArray(String[]::new),
            p.quietHours() == null ? null : p.quietHours().start(), p.quietHours() == null ? null : p.quietHours().end(),
            p.language() == null ? null : p.language().name().toLowerCase(java.util.Locale.ROOT)))
        .map(p);
  }

  /** A request body the contract has validated; 400 naming {@code /quietHours/end} for an empty span. */
  static Preferences fromJson(JsonObject body) {
    Set<NotificationKind> muted = EnumSet.noneOf(NotificationKind.class);
    body.getJsonArray("mutedKinds", new JsonArray()).forEach(k -> muted.add(NotificationKind.fromWire((String) k).orElseThrow()));
    JsonObject quiet = body.getJsonObject("quietHours");
    QuietHours hours = null;
    if (quiet != null) {
      LocalTime start = LocalTime.parse(quiet.getString("start"));
      LocalTime end = LocalTime.parse(quiet.getString("end"));
      if (start.equals(end)) throw Problem.invalidField("body", "/quietHours/end", Text.of("notifications.quiet-hours-empty"));
      hours = new QuietHours(start, end);
    }
    String language = body.getString("language");
    return new Preferences(muted, hours, language == null ? null : Lang.valueOf(language.toUpperCase(java.util.Locale.ROOT)));
  }

  static JsonObject toJson(Preferences p) {
    return new JsonObject()
        .put("mutedKinds", new JsonArray(p.muted().stream().map(NotificationKind::wire).sorted().toList()))
        .put("quietHours", p.quietHours() == null ? null
            : new JsonObject().put("start", p.quietHours().start().toString()).put("end", p.quietHours().end().toString()))
        .put("timeZone", QuietHours.CST.getId())
        .put("language", p.language() == null ? null : p.language().name().toLowerCase(java.util.Locale.ROOT));
  }

  private static Preferences preferences(Row r) {
    Set<NotificationKind> muted = Arrays.stream(r.getArrayOfStrings("muted_kinds")).map(k -> NotificationKind.fromWire(k).orElseThrow())
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(NotificationKind.class)));
    LocalTime start = r.getLocalTime("quiet_start");
    String language = r.getString("language");
    return new Preferences(muted, start == null ? null : new QuietHours(start, r.getLocalTime("quiet_end")),
        language == null ? null : Lang.valueOf(language.toUpperCase(java.util.Locale.ROOT)));
  }
}
