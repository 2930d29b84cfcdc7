package org.healthportal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.healthportal.client.model.Me;
import org.healthportal.support.Http;
import org.healthportal.support.Poll;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/** Tokens come from the real Keycloak; forged ones are made here and must all be refused. */
class AuthenticationTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void residentSeesTheirIdentity() throws Exception {
    Me me = new org.healthportal.client.api.IdentityApi(env.client(env.token("resident1"))).getMe();
    assertThat(me.getUsername()).isEqualTo("resident1");
    assertThat(me.getSubject()).isNotBlank();
    assertThat(me.getRoles()).containsExactly(Me.RolesEnum.RESIDENT);
    assertThat(me.getFacilityIds()).isEmpty();
  }

  @Test
  void staffCarryTheirFacilityScope() {
    JsonObject me = http.get("/v1/me", env.token("staff1")).json();
    assertThat(me.getJsonArray("roles").getList()).containsExactly("staff");
    assertThat(me.getJsonArray("facilityIds").getList())
        .containsExactly("d0000000-0000-4000-8000-000000000001", "d0000000-0000-4000-8000-000000000002");
  }

  @Test
  void partnersAuthenticateWithClientCredentials() {
    JsonObject me = http.get("/v1/me", env.partnerToken()).json();
    assertThat(me.getJsonArray("roles").getList()).containsExactly("partner");
  }

  @Test
  void missingOrMalformedTokenIs401() {
    Http.Response none = http.get("/v1/me");
    none.problem(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    http.get("/v1/me", "not-a-jwt").problem(401);
    http.send("GET", "/v1/me", null, null, null, Map.of("Authorization", "Basic dXNlcjpwYXNz")).problem(401);
  }

  /** The real token is accepted first, so it is remembered as verified; copies changed in any byte still get the full check. */
  @Test
  void tamperedTokenIs401() {
    String token = env.token("resident1");
    assertThat(http.get("/v1/me", token).status()).isEqualTo(200);
    String[] parts = token.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    claims.put("realm_access", new JsonObject().put("roles", List.of("admin")));
    String forged = parts[0] + "." + b64(claims.encode()) + "." + parts[2];
    http.get("/v1/me", forged).problem(401);
    char last = parts[2].charAt(parts[2].length() - 2);
    String badSignature = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    http.get("/v1/me", badSignature).problem(401);
    assertThat(http.get("/v1/me", token).json().getString("username")).as("the remembered token still works").isEqualTo("resident1");
  }

  @Test
  void unsignedAlgNoneTokenIs401() {
    String[] parts = env.token("resident1").split("\\.");
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    http.get("/v1/me", header + "." + parts[1] + ".").problem(401);
  }

  @Test
  void tokenSignedByAnotherKeyWithTheRealmsKidIs401() throws Exception {
    JsonObject realHeader = new JsonObject(new String(Base64.getUrlDecoder().decode(env.token("resident1").split("\\.")[0]), StandardCharsets.UTF_8));
    RSAKey attackerKey = new RSAKeyGenerator(2048).keyID(realHeader.getString("kid")).generate();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(env.keycloak.realmUrl()).audience("portal-api").subject("attacker")
        .claim("azp", "portal-dev").claim("typ", "Bearer")
        .claim("realm_access", Map.of("roles", List.of("admin")))
        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).issueTime(new Date()).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attackerKey.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(attackerKey));
    http.get("/v1/me", jwt.serialize()).problem(401);
  }

  @Test
  void tokenFromAnotherIssuerIs401() {
    http.get("/v1/me", env.masterRealmToken()).problem(401);
  }

  @Test
  void expiredTokenIs401() throws Exception {
    env.keycloakAdmin().ensureDirectGrantClient(TestEnv.SHORT_LIVED_CLIENT, 1);
    String token = env.tokenRequest(Map.of("grant_type", "password", "client_id", TestEnv.SHORT_LIVED_CLIENT,
        "username", "resident1", "password", "resident1-pass")).getString("access_token");
    assertThat(http.get("/v1/me", token).status()).as("fresh short-lived token").isEqualTo(200);
    long exp = claims(token).getLong("exp");
    // Lifetime 1 s plus the verifier's 5 s clock-skew leeway: ask only from a second before that on.
    Poll.until("the expired token refused", Duration.ofSeconds(15),
        () -> System.currentTimeMillis() / 1000 >= exp + 4 && http.get("/v1/me", token).status() == 401);
    assertThat(System.currentTimeMillis() / 1000).as("refused only once the leeway has passed").isGreaterThanOrEqualTo(exp + 5);
    http.get("/v1/me", token).problem(401);
  }

  @Test
  void tokenWithoutAnyPortalRoleIs403() {
    env.keycloakAdmin().ensureUser("norole1", "norole1-pass");
    JsonObject p = http.get("/v1/me", env.token("norole1")).problem(403);
    assertThat(p.getString("type")).endsWith("/forbidden");
  }

  /**
   * After the realm rotates its signing key, the first token with the new key id is refused (the
   * server never fetches keys in the request path) and triggers a rate-limited key reload; tokens
   * signed with the new key work from then on, and older tokens keep working.
   */
  @Test
  void aRotatedSigningKeyIsPickedUpAfterTheFirstUnknownKid() throws Exception {
    String oldToken = env.token("resident2");
    env.keycloakAdmin().rotateSigningKey();
    String newToken = env.tokenRequest(Map.of("grant_type", "password", "client_id", "portal-dev",
        "username", "resident2", "password", "resident2-pass")).getString("access_token");
    assertThat(kid(newToken)).isNotEqualTo(kid(oldToken));
    Poll.until("the new key picked up", Duration.ofSeconds(10), () -> http.get("/v1/me", newToken).status() == 200);
    assertThat(http.get("/v1/me", oldToken).status()).as("old key still trusted while the realm publishes it").isEqualTo(200);
  }

  private static JsonObject claims(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static String kid(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8)).getString("kid");
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
