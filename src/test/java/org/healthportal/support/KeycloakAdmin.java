package org.healthportal.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The few Keycloak admin REST calls the tests need to set up users and clients the realm lacks. */
public final class KeycloakAdmin {

  private final HttpClient http;
  private final String realmAdminUrl;
  private final String token;

  KeycloakAdmin(HttpClient http, String baseUrl, String token) {
    this.http = http;
    this.realmAdminUrl = baseUrl + "/admin/realms/health-portal";
    this.token = token;
  }

  /** Creates (if absent) an enabled user with a password and only the given realm roles. */
  public void ensureUser(String username, String password, String... realmRoles) {
    JsonObject user = new JsonObject()
        .put("username", username).put("enabled", true).put("emailVerified", true)
        .put("email", username + "@example.test").put("firstName", "Test").put("lastName", username)
        .put("credentials", new JsonArray().add(new JsonObject().put("type", "password").put("value", password).put("temporary", false)));
    int status = send("POST", "/users", user.encode()).statusCode();
    if (status != 201 && status != 409) throw new IllegalStateException("Cannot create user " + username + ": " + status);
    if (realmRoles.length == 0) return;
    String id = new JsonArray(send("GET", "/users?exact=true&username=" + username, null).body()).getJsonObject(0).getString("id");
    JsonArray roles = new JsonArray();
    for (String role : realmRoles) roles.add(new JsonObject(send("GET", "/roles/" + role, null).body()));
    send("POST", "/users/" + id + "/role-mappings/realm", roles.encode());
  }

  /**
   * Creates many users at once (password {@code <user>-pass}, the given realm role) through the
   * realm's partial import: one request instead of four per user; users that exist are skipped.
   */
  public void importUsers(java.util.List<String> usernames, String realmRole) {
    JsonArray users = new JsonArray();
    for (String username : usernames) {
      users.add(new JsonObject().put("username", username).put("enabled", true).put("emailVerified", true)
          .put("email", username + "@example.test").put("firstName", "Test").put("lastName", username)
          .put("realmRoles", new JsonArray().add(realmRole))
          .put("credentials", new JsonArray().add(new JsonObject().put("type", "password").put("value", username + "-pass")
              .put("temporary", false))));
    }
    HttpResponse<String> r = send("POST", "/partialImport", new JsonObject().put("ifResourceExists", "SKIP").put("users", users).encode());
    if (r.statusCode() != 200) throw new IllegalStateException("Cannot import users: " + r.statusCode() + " " + r.body());
  }

  /**
   * Sets the realm's password policy; returns the one it had. A benchmark that signs in a thousand
   * users lowers the hash iterations for the run, or the realm would spend minutes hashing.
   */
  public String passwordPolicy(String policy) {
    JsonObject realm = new JsonObject(send("GET", "", null).body());
    String before = realm.getString("passwordPolicy", "");
    int status = send("PUT", "", new JsonObject().put("passwordPolicy", policy).encode()).statusCode();
    if (status != 204) throw new IllegalStateException("Cannot set the password policy: " + status);
    return before;
  }

  /** Creates (if absent) a public direct-grant client whose access tokens live {@code lifespanSeconds} (1 s for expiry tests, an hour for benchmarks). */
  public void ensureDirectGrantClient(String clientId, int lifespanSeconds) {
    JsonObject client = new JsonObject()
        .put("clientId", clientId).put("publicClient", true).put("directAccessGrantsEnabled", true)
        .put("standardFlowEnabled", false)
        .put("attributes", new JsonObject().put("access.token.lifespan", String.valueOf(lifespanSeconds)))
        .put("defaultClientScopes", new JsonArray().add("basic").add("roles").add("profile").add("portal-api-access"));
    int status = send("POST", "/clients", client.encode()).statusCode();
    if (status != 201 && status != 409) throw new IllegalStateException("Cannot create client " + clientId + ": " + status);
  }

  /** Adds a new RSA signing key that outranks the current one: the realm's tokens change key id. */
  public void rotateSigningKey() {
    JsonObject component = new JsonObject()
        .put("name", "rotated-" + System.nanoTime()).put("providerId", "rsa-generated")
        .put("providerType", "org.keycloak.keys.KeyProvider")
        .put("config", new JsonObject().put("priority", new JsonArray().add(String.valueOf(1000 + (System.nanoTime() % 1000))))
            .put("keySize", new JsonArray().add("2048")).put("active", new JsonArray().add("true")).put("enabled", new JsonArray().add("true")));
    int status = send("POST", "/components", component.encode()).statusCode();
    if (status != 201) throw new IllegalStateException("Cannot add a signing key: " + status);
  }

  private HttpResponse<String> send(String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(realmAdminUrl + path)).header("Authorization", "Bearer " + token);
    if (json != null) b.header("Content-Type", "application/json");
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
