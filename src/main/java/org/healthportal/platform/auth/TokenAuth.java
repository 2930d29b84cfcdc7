package org.healthportal.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.KeycloakAuth;
import io.vertx.ext.web.handler.OAuth2AuthHandler;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.healthportal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-only resource-server authentication against the Keycloak realm.
 *
 * <p>The realm is discovered once ({@link KeycloakAuth#discover}); tokens are then verified locally
 * by {@link LocalTokenProvider}. An unknown key id (the realm rotated its keys) triggers a JWKS
 * reload, at most once per configured interval; the request that saw the unknown key still fails.
 */
public final class TokenAuth {

  private static final Logger LOG = LoggerFactory.getLogger(TokenAuth.class);

  private final Vertx vertx;
  private final OAuth2Auth provider;
  private final long minRefreshIntervalNanos;
  private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime());
  private volatile boolean keysLoaded;

  private TokenAuth(Vertx vertx, OAuth2Auth provider, AppConfig.Auth config) {
    this.vertx = vertx;
    this.provider = provider;
    this.minRefreshIntervalNanos = config.jwksRefreshMinInterval().toNanos();
  }

  /** Discovers the realm, loads its signing keys and returns the local verifier. */
  public static Future<TokenAuth> discover(Vertx vertx, AppConfig.Auth config) {
    String realmUrl = config.realmUrl().orElseThrow(() -> new IllegalStateException("auth.realm-url is not set"));
    OAuth2Options options = new OAuth2Options()
        .setSite(realmUrl)
        .setClientId(config.audience())
        .setJWTOptions(new JWTOptions().setAudience(List.of(config.audience())).setLeeway(5));
    // discover() fills the options in place: issuer, JWKS path, endpoints.
    return KeycloakAuth.discover(vertx, options).compose(discovered -> {
      LocalTokenProvider local = new LocalTokenProvider(vertx, options, config.audience(), config.allowedClients());
      TokenAuth auth = new TokenAuth(vertx, local, config);
      local.missingKeyHandler(auth::onUnknownKey);
      return local.jWKSet().map(v -> {
        auth.keysLoaded = true;
        LOG.info("Realm {} discovered; verifying tokens locally against its JWKS", realmUrl);
        return auth;
      });
    });
  }

  /** The handler the router puts in front of every operation that requires a token. */
  public OAuth2AuthHandler handler() {
    return OAuth2AuthHandler.create(vertx, provider);
  }

  /** Whether signing keys are loaded (readiness). */
  /** The caller a bearer token stands for, verified exactly as the router verifies it. */
  public Future<Caller> caller(String bearerToken) {
    return provider.authenticate(new io.vertx.ext.auth.authentication.TokenCredentials(bearerToken))
        .map(user -> Caller.fromClaims(user.attributes().getJsonObject("accessToken")));
  }

  public boolean keysLoaded() {
    return keysLoaded;
  }

  /** Reloads the keys now; used by readiness when the first load failed. */
  public Future<Void> reloadKeys() {
    lastRefresh.set(System.nanoTime());
    return provider.jWKSet().onSuccess(v -> keysLoaded = true);
  }

  private void onUnknownKey(String kid) {
    long last = lastRefresh.get();
    long now = System.nanoTime();
    if (now - last < minRefreshIntervalNanos || !lastRefresh.compareAndSet(last, now)) {
      LOG.debug("Unknown key id {}; key refresh rate-limited", kid);
      return;
    }
    LOG.info("Unknown key id {}; reloading the realm's keys", kid);
    provider.jWKSet().onFailure(e -> LOG.warn("Key reload failed: {}", e.getMessage()));
  }
}
