package org.healthportal.console.signin;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What the token endpoint handed the console for one staff member. It never leaves the server: the
 * browser holds only a session cookie.
 *
 * @param accessExpiresAt when {@code access} stops being accepted (refreshed a little before)
 */
public record Tokens(String access, String refresh, String id, Instant accessExpiresAt) {

  /** From a token endpoint answer received at {@code now}. */
  static Tokens fromTokenResponse(JsonObject body, Instant now, String previousRefresh, String previousId) {
    long expiresIn = body.getLong("expires_in", 60L);
    return new Tokens(body.getString("access_token"), body.getString("refresh_token", previousRefresh),
        body.getString("id_token", previousId), now.plusSeconds(expiresIn));
  }

  public boolean accessExpiresWithin(java.time.Duration margin, Instant now) {
    return !accessExpiresAt.isAfter(now.plus(margin));
  }

  String toJson() {
    return new JsonObject().put("access", access).put("refresh", refresh).put("id", id).put("exp", accessExpiresAt.toEpochMilli()).encode();
  }

  static Tokens fromJson(String json) {
    JsonObject o = new JsonObject(json);
    return new Tokens(o.getString("access"), o.getString("refresh"), o.getString("id"), Instant.ofEpochMilli(o.getLong("exp")));
  }

  @Override
  public String toString() {
    return "Tokens[accessExpiresAt=" + accessExpiresAt + "]"; // never the tokens themselves
  }
}
