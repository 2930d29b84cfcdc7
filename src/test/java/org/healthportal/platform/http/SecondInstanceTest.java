package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;
import static org.healthportal.support.Facilities.enc;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/** Two server instances sharing PostgreSQL and Redis, as behind a load balancer. */
class SecondInstanceTest {

  private final TestEnv env = TestEnv.get();
  private final Http first = env.http;
  private final Http second = env.secondInstance();

  /** A write answered by one instance is seen by the next read on the other, from cache or not. */
  @Test
  void cacheInvalidationIsExactAcrossInstances() {
    Facilities viaFirst = new Facilities(first);
    Facilities viaSecond = new Facilities(second);
    for (int round = 0; round < 5; round++) {
      // Warm the second instance's memory and Redis with the current state.
      String before = viaSecond.get(HEALTH_CENTRE_2).getString("nameZh");
      viaSecond.all("q=" + enc(before));
      String name = "陈关社区卫生服务中心" + UUID.randomUUID().toString().substring(0, 6);
      String etag = first.get("/v1/facilities/" + HEALTH_CENTRE_2).header("ETag");
      assertThat(viaFirst.patch(HEALTH_CENTRE_2, env.token("staff1"), etag, new JsonObject().put("nameZh", name)).status()).isEqualTo(200);

      assertThat(viaSecond.get(HEALTH_CENTRE_2).getString("nameZh")).isEqualTo(name);
      assertThat(viaSecond.all("q=" + enc(name))).extracting(f -> f.getString("id")).containsExactly(HEALTH_CENTRE_2);
      assertThat(viaSecond.all("q=" + enc(before))).extracting(f -> f.getString("id")).doesNotContain(HEALTH_CENTRE_2);
    }
  }

  @Test
  void corsIsConfigurable() {
    Http.Response preflight = second.send("OPTIONS", "/v1/facilities", null, null, null,
        Map.of("Origin", "https://app.example", "Access-Control-Request-Method", "GET"));
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
    Http.Response foreign = second.send("GET", "/v1/regions/370100", null, null, null, Map.of("Origin", "https://evil.example"));
    assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
    Http.Response noCors = first.send("GET", "/v1/regions/370100", null, null, null, Map.of("Origin", "https://app.example"));
    assertThat(noCors.header("Access-Control-Allow-Origin")).as("CORS is off by default").isNull();
  }
}
