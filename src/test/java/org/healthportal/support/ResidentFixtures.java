package org.healthportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Map;
import org.healthportal.residents.IdNumbers;

/** Residents with profiles, for tests that need someone who may sign up. */
public final class ResidentFixtures {

  private ResidentFixtures() {}

  /** The token of a new resident account of its own (a user created in the realm), with a profile: nobody else's tests touch it. */
  public static String newResident(TestEnv env, String prefix) {
    String user = prefix + java.util.UUID.randomUUID().toString().substring(0, 8);
    env.keycloakAdmin().ensureUser(user, user + "-pass", "resident");
    return withProfile(env, user);
  }

  /** The user's token, after making sure they have a resident profile (a deterministic ID number per user). */
  public static String withProfile(TestEnv env, String user) {
    String token = env.token(user);
    if (env.http.get("/v1/me/profile", token).status() == 404) {
      int h = Math.abs(user.hashCode());
      String id = IdNumbers.valid("370102", LocalDate.of(1960 + h % 30, 1 + h % 12, 9), 100 + h % 800);
      Http.Response r = env.http.send("PUT", "/v1/me/profile", token, "application/json",
          new JsonObject().put("idNumber", id).put("residenceRegion", "370102").encode(), Map.of());
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    return token;
  }
}
