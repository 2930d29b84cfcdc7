package org.healthportal.notifications;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.ZoneOffset;
import org.healthportal.platform.http.Lang;

/**
 * What the push gateway receives for a notification. No request is there to choose a language, so
 * the texts are in the resident's chosen one, else Chinese. Only what the phone shows and the app
 * needs to open it: the texts carry names and dates, never ID or phone numbers (see {@link Redaction}).
 */
final class PushMessage {

  /** Columns of a claimed notification (n) and its owner's preferences (p) this needs. */
  static final String COLUMNS = "n.id, n.owner_subject, n.kind, n.signup_id, n.params, n.created_at, p.language";

  private PushMessage() {}

  static String body(Row n) {
    Lang lang = "en".equals(n.getString("language")) ? Lang.EN : Lang.ZH;
    NotificationKind kind = NotificationKind.fromWire(n.getString("kind")).orElseThrow();
    NotificationTexts.Rendered text = NotificationTexts.render(lang, kind, (JsonObject) n.getValue("params"));
    return new JsonObject()
        .put("id", n.getUUID("id").toString())
        .put("subject", n.getString("owner_subject"))
        .put("kind", kind.wire())
        .put("signupId", n.getUUID("signup_id") == null ? null : n.getUUID("signup_id").toString())
        .put("language", lang.tag())
        .put("title", text.title())
        .put("body", text.body())
        .put("createdAt", n.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC).toString())
        .encode();
  }
}
