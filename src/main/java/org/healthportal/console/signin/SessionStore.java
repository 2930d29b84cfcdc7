package org.healthportal.console.signin;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.healthportal.platform.pii.PiiCipher;

/**
 * The console's sessions and sign-ins in progress, in PostgreSQL so every instance sees them and a
 * Redis outage signs nobody out. Rows are keyed by the SHA-256 of the cookie value; tokens are
 * stored encrypted.
 */
public final class SessionStore {

  /** A sign-in between the redirect to Keycloak and the callback. */
  public record PendingLogin(String state, String verifier, String nonce, String returnTo) {}

  /** A signed-in staff member's session. */
  public record Session(String subject, Tokens tokens, String csrfToken) {}

  private final Pool pool;
  private final PiiCipher cipher;

  public SessionStore(Pool pool, PiiCipher cipher) {
    this.pool = pool;
    this.cipher = cipher;
  }

  public Future<Void> startLogin(String cookie, PendingLogin login, Duration ttl) {
    return pool.preparedQuery("INSERT INTO console_login (id_hash, state, verifier, nonce, return_to, expires_at)"
            + " VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))")
        .execute(Tuple.of(Pkce.sha256(cookie), login.state(), login.verifier(), login.nonce(), login.returnTo(), (double) ttl.toSeconds()))
        .mapEmpty();
  }

  /** The pending sign-in of {@code cookie}, removed as it is read (a callback can be used once); null when none. */
  public Future<PendingLogin> takeLogin(String cookie) {
    return pool.preparedQuery("DELETE FROM console_login WHERE id_hash = $1 RETURNING state, verifier, nonce, return_to, expires_at > now() AS live")
        .execute(Tuple.of(Pkce.sha256(cookie)))
        .map(rows -> {
          if (rows.size() == 0) return null;
          Row r = rows.iterator().next();
          return r.getBoolean("live") ? new PendingLogin(r.getString("state"), r.getString("verifier"), r.getString("nonce"), r.getString("return_to")) : null;
        });
  }

  public Future<Void> create(String cookie, String subject, Tokens tokens, String csrfToken, Duration maxAge) {
    return pool.preparedQuery("INSERT INTO console_session (id_hash, subject, tokens, csrf_token, expires_at)"
            + " VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))")
        .execute(Tuple.of(Pkce.sha256(cookie), subject, cipher.encrypt(tokens.toJson()), csrfToken, (double) maxAge.toSeconds()))
        .mapEmpty();
  }

  /** The live session of {@code cookie}, marked as used now; null when there is none, it expired or sat idle too long. */
  public Future<Session> find(String cookie, Duration idleTimeout) {
    return pool.preparedQuery("UPDATE console_session SET last_seen_at = now()"
            + " WHERE id_hash = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)"
            + " RETURNING subject, tokens, csrf_token")
        .execute(Tuple.of(Pkce.sha256(cookie), (double) idleTimeout.toSeconds()))
        .map(rows -> {
          if (rows.size() == 0) return null;
          Row r = rows.iterator().next();
          return new Session(r.getString("subject"), Tokens.fromJson(cipher.decrypt(r.getString("tokens"))), r.getString("csrf_token"));
        });
  }

  public Future<Void> replaceTokens(String cookie, Tokens tokens) {
    return pool.preparedQuery("UPDATE console_session SET tokens = $2 WHERE id_hash = $1")
        .execute(Tuple.of(Pkce.sha256(cookie), cipher.encrypt(tokens.toJson()))).mapEmpty();
  }

  /** Ends the session; its tokens, if it had any, for revoking them. */
  public Future<Tokens> end(String cookie) {
    return pool.preparedQuery("DELETE FROM console_session WHERE id_hash = $1 RETURNING tokens").execute(Tuple.of(Pkce.sha256(cookie)))
        .map(rows -> rows.size() == 0 ? null : Tokens.fromJson(cipher.decrypt(rows.iterator().next().getString("tokens"))));
  }

  /** Drops expired sessions and abandoned sign-ins; how many. */
  public Future<Integer> forgetExpired(Duration idleTimeout) {
    return pool.preparedQuery("WITH s AS (DELETE FROM console_session WHERE expires_at < now() OR last_seen_at < now() - make_interval(secs => $1)"
            + " RETURNING 1), l AS (DELETE FROM console_login WHERE expires_at < now() RETURNING 1)"
            + " SELECT (SELECT count(*) FROM s) + (SELECT count(*) FROM l) AS n")
        .execute(Tuple.of((double) idleTimeout.toSeconds()))
        .map(rows -> rows.iterator().next().getLong("n").intValue());
  }
}
