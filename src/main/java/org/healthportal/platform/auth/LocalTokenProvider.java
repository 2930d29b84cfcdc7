package org.healthportal.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.impl.OAuth2AuthProviderImpl;
import java.util.List;

/**
 * Validates access tokens locally against the cached realm keys, with no introspection or userinfo
 * fallback (both endpoints are cleared from the options), so a forged token never costs a call to
 * Keycloak.
 *
 * <p>On top of the signature, issuer and expiry checks of the base provider, it insists on what the
 * base provider skips: an {@code aud} that contains our audience (a token without {@code aud} would
 * otherwise pass), an {@code azp} from an allowed client, and {@code typ} Bearer (an ID token is not
 * an access token). A token that passed is remembered until it expires ({@link VerifiedTokens}), so
 * a client's next request with it skips the signature check.
 */
final class LocalTokenProvider extends OAuth2AuthProviderImpl {

  private final String audience;
  private final List<String> allowedClients;
  private final VerifiedTokens verified = new VerifiedTokens();

  LocalTokenProvider(Vertx vertx, OAuth2Options discovered, String audience, List<String> allowedClients) {
    super(vertx, new OAuth2Options(discovered).setIntrospectionPath(null).setUserInfoPath(null));
    this.audience = audience;
    this.allowedClients = allowedClients;
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials bearer) || bearer.getToken() == null) return verify(credentials);
    User known = verified.get(bearer.getToken());
    if (known != null) return Future.succeededFuture(known);
    return verify(credentials).onSuccess(user -> verified.put(bearer.getToken(), user));
  }

  /** Reloads the realm's keys; tokens verified against the old set are checked again. */
  @Override
  public Future<Void> jWKSet() {
    return super.jWKSet().onSuccess(v -> verified.clear());
  }

  private Future<User> verify(Credentials credentials) {
    return super.authenticate(credentials).compose(user -> {
      JsonObject token = user.attributes().getJsonObject("accessToken");
      if (token == null) return Future.failedFuture("Not a signed access token");
      Object aud = token.getValue("aud");
      boolean audienceOk = aud instanceof String s ? s.equals(audience) : aud instanceof JsonArray a && a.contains(audience);
      if (!audienceOk) return Future.failedFuture("Token audience does not include " + audience);
      if (!allowedClients.contains(token.getString("azp", ""))) return Future.failedFuture("Token issued to an unknown client");
      if (!"Bearer".equals(token.getString("typ", "Bearer"))) return Future.failedFuture("Not an access token");
      return Future.succeededFuture(user);
    });
  }
}
