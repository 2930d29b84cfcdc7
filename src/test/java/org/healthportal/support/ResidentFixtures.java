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

  /**
   * The user's token, after making sure they have a resident profile. Its ID number is derived from
   * the user name; one another account already holds (a run makes hundreds of residents) is passed
   * over for the next.
   */
  public static String withProfile(TestEnv env, String user) {
    String token = env.token(user);
    if (env.http.get("/v1/me/profile", token).status() != 404) return token;
    for (int attempt = 0; ; attempt++) {
      int h = Math.abs((user + "#" + attempt).hashCode());
      String id = IdNumbers.valid("370102", LocalDate.of(1960 + h % 30, 1 + h % 12, 1 + (h / 360) % 28), 100 + (h / 10_080) % 800);
      Http.Response r = env.http.send("PUT", "/v1/me/profile", token, "application/json",
          new JsonObject().put("idNumber", id).put("residenceRegion", "370102").encode(), Map.of());
      if (r.status() == 409 && r.body().contains("id-number-registered") && attempt < 10) continue;
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      return token;
    }
  }
}
