package org.healthportal.console.signin;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console as a confidential OpenID Connect client of the realm: where to send a browser to sign
 * in and out, and the back-channel calls to the token endpoint (code exchange with the PKCE verifier,
 * refresh), authenticated with the client secret.
 */
public final class OidcClient {

  /** A token endpoint answer that is not a success; {@code error} is OAuth's code (invalid_grant...). */
  public static final class Refused extends RuntimeException {
    public final String error;

    public Refused(int status, String error) {
      super("token endpoint answered " + status + " " + error, null, false, false);
      this.error = error;
    }
  }

  private final WebClient http;
  private final String realmUrl;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;

  public OidcClient(Vertx vertx, String realmUrl, String clientId, String clientSecret, Clock clock) {
    this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2_000).setIdleTimeout(30));
    this.realmUrl = realmUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
  }

  /** Keycloak's login page for this sign-in; {@code uiLocale} picks the page's language. */
  public String authorizationUrl(String redirectUri, String state, String verifier, String nonce, String uiLocale) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", redirectUri);
    q.put("scope", "openid");
    q.put("state", state);
    q.put("nonce", nonce);
    q.put("code_challenge", Pkce.challenge(verifier));
    q.put("code_challenge_method", "S256");
    q.put("ui_locales", uiLocale);
    return endpoint("auth") + "?" + query(q);
  }

  /** Ends the Keycloak session too, then returns the browser to {@code afterwards}. */
  public String logoutUrl(String idToken, String afterwards) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", clientId);
    if (idToken != null) q.put("id_token_hint", idToken);
    q.put("post_logout_redirect_uri", afterwards);
    return endpoint("logout") + "?" + query(q);
  }

  /** The code of a callback for tokens; fails unless the ID token carries {@code nonce}. */
  public Future<Tokens> exchange(String code, String verifier, String redirectUri, String nonce) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "authorization_code").add("code", code).add("code_verifier", verifier).add("redirect_uri", redirectUri);
    return token(form, null, null).map(tokens -> {
      if (!nonce.equals(idTokenClaims(tokens.id()).getString("nonce"))) throw new Refused(200, "nonce_mismatch");
      return tokens;
    });
  }

  public Future<Tokens> refresh(Tokens tokens) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "refresh_token").add("refresh_token", tokens.refresh());
    return token(form, tokens.refresh(), tokens.id());
  }

  /** Revokes the refresh token (and with it the session's offline use), best effort. */
  public Future<Void> revoke(Tokens tokens) {
    if (tokens.refresh() == null) return Future.succeededFuture();
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("token", tokens.refresh()).add("token_type_hint", "refresh_token");
    return http.postAbs(endpoint("revoke")).basicAuthentication(clientId, clientSecret).timeout(5_000).sendForm(form).mapEmpty();
  }

  private Future<Tokens> token(MultiMap form, String previousRefresh, String previousId) {
    return http.postAbs(endpoint("token")).basicAuthentication(clientId, clientSecret).timeout(5_000).sendForm(form)
        .map(response -> {
          JsonObject body = json(response);
          if (response.statusCode() != 200 || body.getString("access_token") == null) {
            throw new Refused(response.statusCode(), body.getString("error", "unexpected_answer"));
          }
          return Tokens.fromTokenResponse(body, clock.instant(), previousRefresh, previousId);
        });
  }

  /**
   * The ID token's claims. It came straight from the token endpoint over the back channel, so (as
   * OpenID Connect Core 3.1.3.7 allows) its signature is not checked again; the access token, which
   * the API verifies on every call, is what grants anything.
   */
  private static JsonObject idTokenClaims(String idToken) {
    if (idToken == null) return new JsonObject();
    String[] parts = idToken.split("\\.");
    if (parts.length < 2) return new JsonObject();
    return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  private static JsonObject json(HttpResponse<?> response) {
    try {
      return response.bodyAsJsonObject() == null ? new JsonObject() : response.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      return new JsonObject();
    }
  }

  private String endpoint(String name) {
    return realmUrl + "/protocol/openid-connect/" + name;
  }

  private static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
