package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.healthportal.support.TourismSites;
import org.junit.jupiter.api.Test;

/** Every endpoint a client may poll carries an ETag and answers 304 to a matching If-None-Match. */
class ConditionalGetTest {

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;

  @Test
  void pollableReadsAnswer304WhenNothingChanged() {
    String team = http.get("/v1/family-doctor/teams?limit=1").json().getJsonArray("items").getJsonObject(0).getString("id");
    record Read(String path, String token) {}
    List<Read> reads = List.of(
        new Read("/v1/regions?level=city", null),
        new Read("/v1/regions/370100", null),
        new Read("/v1/facilities?region=370100", null),
        new Read("/v1/facilities/" + Facilities.QINGDAO_3, null),
        new Read("/v1/tourism/sites?kind=seaside", null),
        new Read("/v1/tourism/sites/" + TourismSites.LAOSHAN, null),
        new Read("/v1/family-doctor/packages", null),
        new Read("/v1/family-doctor/teams?limit=5", null),
        new Read("/v1/family-doctor/teams/" + team, null),
        new Read("/v1/changes?types=team&limit=5", null),
        new Read("/v1/me", env.token("resident1")),
        new Read("/v1/me/notifications?limit=5", env.token("resident1")),
        new Read("/v1/me/notifications/unread-count", env.token("resident1")),
        new Read("/v1/me/notification-preferences", env.token("resident1")),
        new Read("/v1/webhooks", env.partnerToken()));
    for (Read read : reads) {
      Http.Response first = http.get(read.path(), read.token());
      assertThat(first.status()).as(read.path()).isEqualTo(200);
      String etag = first.header("ETag");
      assertThat(etag).as("ETag of %s", read.path()).isNotBlank();
      var request = http.request(read.path(), read.token()).header("If-None-Match", etag).build();
      Http.Response again = http.send(request);
      assertThat(again.status()).as("%s with If-None-Match", read.path()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      var other = http.request(read.path(), read.token()).header("If-None-Match", "\"something-else\"").build();
      assertThat(http.send(other).status()).isEqualTo(200);
    }
  }
}
