package org.healthportal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.healthportal.support.Listings.field;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.healthportal.sdk.webhooks.WebhookVerificationException;
import org.healthportal.sdk.webhooks.WebhookVerifier;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.Poll;
import org.healthportal.support.TestEnv;
import org.healthportal.support.TourismSites;
import org.healthportal.support.WebhookReceiver;
import org.healthportal.webhooks.published.WebhookSignature;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery against a receiver in this JVM. Each test runs its own delivering instance and
 * stops it at the end (the suite's main instance does not deliver).
 */
class WebhookTest {

  private static final Map<String, String> DELIVERING = Map.of(
      "webhooks.dispatch", "true", "webhooks.allow-private-targets", "true", "webhooks.allow-http", "true",
      "webhooks.poll-interval-ms", "50", "webhooks.backoff-base-ms", "100", "webhooks.timeout-ms", "500", "webhooks.max-attempts", "3");

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final Facilities facilities = new Facilities(http);
  private final TourismSites sites = new TourismSites(http);

  @Test
  void everyEventArrivesOnceAfterDeduplicationSignedAndFilteredByRegion() throws Exception {
    TestEnv.Instance deliverer = env.startApp(DELIVERING);
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      // Every first attempt answers after the time limit: it counts as failed and is sent again.
      receiver.firstAttemptDelayMs = 800;
      JsonObject subscription = subscribe(deliverer.http(), receiver.url(), "370100",
          "facility.changed", "facility.beds-freed", "tourism-site.changed");
      String secret = subscription.getString("secret");
      assertThat(secret).startsWith("whsec_");
      long before = lastOutboxId();

      String admin = env.token("admin1");
      facilities.reportBeds(Facilities.CARE_HOME_1, admin, beds(0));
      facilities.reportBeds(Facilities.CARE_HOME_1, admin, beds(7)); // beds freed, in Jinan
      facilities.patch(Facilities.QINGDAO_3, admin, http.get("/v1/facilities/" + Facilities.QINGDAO_3).header("ETag"),
          new JsonObject().put("openingHours", "elsewhere")); // Qingdao: not for this subscription
      assertThat(sites.create(admin, TourismSites.newSite("济南测试温泉" + System.nanoTime(), 36.6, 117.1)).status()).isEqualTo(201);

      Set<String> expected = expectedEvents(before, "370100");
      assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
      // Every event comes twice: the late first attempt, and the retry. Once none is pending, none
      // can come again: what arrived by then is all that ever will.
      String id = subscription.getString("id");
      Poll.until("every delivery done", Duration.ofSeconds(20),
          () -> deliverer.http().get("/v1/webhooks/" + id, env.partnerToken()).json().getJsonObject("deliveries").getInteger("pending") == 0
              && receiver.requests.size() >= 2 * expected.size());
      assertThat(receiver.distinctIds()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(receiver.requests).hasSize(2 * expected.size());

      Set<String> types = new HashSet<>();
      // what a partner's receiver does with the SDK's verifier
      WebhookVerifier partner = new WebhookVerifier(secret);
      for (WebhookReceiver.Received r : receiver.requests) {
        assertThat(r.signature()).isEqualTo(WebhookSignature.sign(secret, r.id(), Long.parseLong(r.timestamp()), r.body()));
        partner.verify(r.id(), r.timestamp(), r.signature(), r.body());
        assertThatThrownBy(() -> partner.verify(r.id(), r.timestamp(), r.signature(), r.body() + " "))
            .isInstanceOf(WebhookVerificationException.class);
        JsonObject event = new JsonObject(r.body());
        assertThat(event.getString("id")).isEqualTo(r.id());
        assertThat(event.getJsonObject("data").getString("regionCode")).startsWith("3701");
        types.add(event.getString("type"));
      }
      assertThat(types).containsExactlyInAnyOrder("facility.changed", "facility.beds-freed", "tourism-site.changed");
      JsonObject state = deliverer.http().get("/v1/webhooks/" + id, env.partnerToken()).json();
      assertThat(state.getJsonObject("deliveries").getInteger("delivered")).isEqualTo(expected.size());
      assertThat(state.containsKey("secret")).isFalse();
      unsubscribe(deliverer.http(), id);
    } finally {
      deliverer.stop();
    }
  }

  @Test
  void aFailingReceiverIsRetriedWithBackoffThenTheSubscriptionIsDisabledWithTheReason() throws Exception {
    TestEnv.Instance deliverer = env.startApp(DELIVERING);
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.statusForAttempt = attempt -> 503;
      JsonObject subscription = subscribe(deliverer.http(), receiver.url(), null, "tourism-site.changed");
      sites.patch(TourismSites.DONGPING_LAKE, env.token("admin1"), sites.etag(TourismSites.DONGPING_LAKE),
          new JsonObject().put("openingHours", "retry-" + System.nanoTime()));
      String id = subscription.getString("id");
      Poll.until("the subscription disabled", Duration.ofSeconds(20),
          () -> "disabled".equals(deliverer.http().get("/v1/webhooks/" + id, env.partnerToken()).json().getString("status")));
      JsonObject state = deliverer.http().get("/v1/webhooks/" + id, env.partnerToken()).json();
      assertThat(state.getString("disabledReason")).contains("3 failed attempts").contains("HTTP 503");
      assertThat(state.getJsonObject("deliveries").getInteger("failed")).isEqualTo(1);

      List<Long> times = new ArrayList<>();
      receiver.requests.forEach(r -> times.add(r.atMillis()));
      assertThat(times).hasSize(3);
      assertThat(times.get(1) - times.get(0)).as("first backoff").isGreaterThanOrEqualTo(90);
      assertThat(times.get(2) - times.get(1)).as("second backoff, doubled").isGreaterThanOrEqualTo(190);
      unsubscribe(deliverer.http(), id);
    } finally {
      deliverer.stop();
    }
  }

  @Test
  void anEventCommittedWhileNoServerDeliversArrivesAfterRestart() throws Exception {
    TestEnv.Instance first = env.startApp(DELIVERING);
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      JsonObject subscription = subscribe(first.http(), receiver.url(), null, "facility.changed");
      first.stop(); // the process is gone before the change commits
      long before = lastOutboxId();
      facilities.patch(Facilities.HEALTH_CENTRE_2, env.token("admin1"), http.get("/v1/facilities/" + Facilities.HEALTH_CENTRE_2).header("ETag"),
          new JsonObject().put("openingHours", "restart-" + System.nanoTime()));
      // The event is committed and waits; nothing was sent, since a delivery's attempt is counted in
      // its row before it is made, and no row of this subscription has one (there is not even a row).
      assertThat(count("SELECT count(*) FROM outbox WHERE id > " + before + " AND event_type = 'facility.changed'"
          + " AND aggregate_id = '" + Facilities.HEALTH_CENTRE_2 + "' AND published_at IS NULL")).isEqualTo(1);
      String deliveries = "SELECT count(*) FROM webhook_delivery WHERE subscription_id = '" + subscription.getString("id") + "'";
      assertThat(count(deliveries)).isZero();
      assertThat(receiver.requests).isEmpty();

      TestEnv.Instance second = env.startApp(DELIVERING);
      try {
        Poll.until("the waiting event delivered", Duration.ofSeconds(15), () -> !receiver.requests.isEmpty());
        assertThat(new JsonObject(receiver.requests.get(0).body()).getJsonObject("data").getString("id")).isEqualTo(Facilities.HEALTH_CENTRE_2);
        assertThat(count(deliveries + " AND attempts = 1")).isEqualTo(1);
        unsubscribe(second.http(), subscription.getString("id"));
      } finally {
        second.stop();
      }
    }
  }

  @Test
  void aReceiverThatNeverAnswersDoesNotHoldUpTheApi() throws Exception {
    TestEnv.Instance deliverer = env.startApp(DELIVERING);
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.statusForAttempt = attempt -> -1;
      JsonObject subscription = subscribe(deliverer.http(), receiver.url(), null, "facility.changed");
      String admin = env.token("admin1");
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        Http.Response r = facilities.reportBeds(Facilities.CARE_HOME_1, admin, beds(i % 5));
        assertThat(r.status()).isEqualTo(200);
        assertThat(deliverer.http().get("/v1/facilities/" + Facilities.CARE_HOME_1).status()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).as("API round trip while deliveries hang").isLessThan(2_000);
      }
      Poll.until("three held deliveries", Duration.ofSeconds(10), () -> receiver.requests.size() >= 3);
      unsubscribe(deliverer.http(), subscription.getString("id"));
    } finally {
      deliverer.stop();
    }
  }

  @Test
  void finishedWorkIsForgottenAfterItsRetentionAndPendingWorkNever() throws Exception {
    try (Connection c = env.database()) {
      var st = c.createStatement();
      st.executeUpdate("INSERT INTO webhook_subscription (id, owner_client, url, event_types, secret)"
          + " VALUES ('00000000-0000-4000-8000-00000000c1ea', 'cleanup-test', 'https://203.0.113.9/h', '{facility.changed}', 'whsec_x')");
      // notified_at: notifications have seen the event too (or not yet: then it stays).
      st.executeUpdate("INSERT INTO outbox (aggregate, aggregate_id, event_type, payload, published_at, notified_at) VALUES"
          + " ('facility', gen_random_uuid(), 'facility.changed', '{}', now() - interval '8 days', now() - interval '8 days'),"
          + " ('facility', gen_random_uuid(), 'facility.changed', '{}', now() - interval '1 day', now() - interval '1 day'),"
          + " ('facility', gen_random_uuid(), 'facility.changed', '{}', NULL, now()),"
          + " ('facility', '00000000-0000-4000-8000-00000000c1eb', 'facility.changed', '{}', now() - interval '8 days', NULL)");
      st.executeUpdate("INSERT INTO webhook_delivery (subscription_id, event_id, event_type, payload, event_at, status, next_attempt_at) VALUES"
          + " ('00000000-0000-4000-8000-00000000c1ea', -1, 'facility.changed', '{}', now(), 'delivered', now() - interval '31 days'),"
          + " ('00000000-0000-4000-8000-00000000c1ea', -2, 'facility.changed', '{}', now(), 'pending', now() - interval '31 days'),"
          + " ('00000000-0000-4000-8000-00000000c1ea', -3, 'facility.changed', '{}', now(), 'failed', now() - interval '2 days')");
      st.execute(WebhookDispatcher.FORGET_FINISHED);
      try (ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE published_at < now() - interval '7 days' AND notified_at IS NOT NULL),"
          + " count(*) FILTER (WHERE published_at IS NULL),"
          + " count(*) FILTER (WHERE aggregate_id = '00000000-0000-4000-8000-00000000c1eb') FROM outbox")) {
        rs.next();
        assertThat(rs.getLong(1)).as("old events both consumers saw").isZero();
        assertThat(rs.getLong(2)).as("unpublished events").isPositive();
        assertThat(rs.getLong(3)).as("an old event notifications have not seen yet").isEqualTo(1);
      }
      st.executeUpdate("DELETE FROM outbox WHERE aggregate_id = '00000000-0000-4000-8000-00000000c1eb'");
      try (ResultSet rs = st.executeQuery("SELECT array_agg(event_id ORDER BY event_id) FROM webhook_delivery"
          + " WHERE subscription_id = '00000000-0000-4000-8000-00000000c1ea'")) {
        rs.next();
        assertThat((Long[]) rs.getArray(1).getArray()).containsExactly(-3L, -2L);
      }
      st.executeUpdate("DELETE FROM webhook_subscription WHERE id = '00000000-0000-4000-8000-00000000c1ea'");
    }
  }

  @Test
  void targetsAndCallersAreChecked() {
    String partner = env.partnerToken();
    for (String url : List.of("http://example.com/hook", "https://127.0.0.1/hook", "https://localhost/hook", "https://10.1.2.3/hook",
        "https://192.168.0.10/hook", "https://169.254.169.254/latest", "https://[::1]/hook", "ftp://example.com/x",
        "https://user:pw@example.com/hook")) {
      Http.Response r = http.send("POST", "/v1/webhooks", partner, "application/json", body(url, null, "facility.changed").encode(), Map.of());
      field(r.problem(400), "/url");
    }
    // IPv4 literals other than canonical dotted decimal: a proxy or another library may read another
    // address than Java does (Java reads 0177.0.0.1 as 177.0.0.1, inet_aton as 127.0.0.1).
    for (String host : List.of("0177.0.0.1", "127.000.000.001", "010.0.0.1", "0x7f.0.0.1", "0x7f000001", "017700000001", "127.1",
        "127.0.1", "2130706433", "0177.0.0.01", "127.0.0.1.", "0300.0250.0.1")) {
      Http.Response r = http.send("POST", "/v1/webhooks", partner, "application/json",
          body("https://" + host + "/hook", null, "facility.changed").encode(), Map.of());
      JsonObject problem = r.problem(400);
      field(problem, "/url");
      assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("detail")).as(host)
          .isEqualTo("Refused: the host " + host + " is an IPv4 address not written as four decimal numbers 0-255 without leading zeros"
              + " (a.b.c.d); other spellings such as 0177.0.0.1, 0x7f.0.0.1, 127.1 or 2130706433 are read as different addresses"
              + " by different software.");
    }
    Http.Response badType = http.send("POST", "/v1/webhooks", partner, "application/json",
        new JsonObject().put("url", "https://example.com/h").put("eventTypes", new JsonArray().add("everything")).encode(), Map.of());
    field(badType.problem(400), "/eventTypes/0");
    http.send("POST", "/v1/webhooks", env.token("resident1"), "application/json", body("https://example.com/h", null, "facility.changed").encode(),
        Map.of()).problem(403);
    http.send("POST", "/v1/webhooks", null, "application/json", body("https://example.com/h", null, "facility.changed").encode(), Map.of())
        .problem(401);
    http.get("/v1/webhooks/00000000-0000-4000-8000-000000000999", partner).problem(404);
  }

  @Test
  void aDeliveryContinuesTheTraceOfTheRequestWhoseChangeCausedIt() throws Exception {
    TestEnv.Instance deliverer = env.startApp(DELIVERING);
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      subscribe(deliverer.http(), receiver.url(), null, "facility.changed");
      String traceId = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
      String admin = env.token("admin1");
      String etag = http.get("/v1/facilities/" + Facilities.HEALTH_CENTRE_2).header("ETag");
      Http.Response changed = http.send("PATCH", "/v1/facilities/" + Facilities.HEALTH_CENTRE_2, admin, "application/merge-patch+json",
          new JsonObject().put("openingHours", "08:00-17:00 " + traceId.substring(0, 6)).encode(),
          Map.of("If-Match", etag, "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
      assertThat(changed.status()).isEqualTo(200);

      Poll.until("the traced delivery", Duration.ofSeconds(10),
          () -> receiver.requests.stream().anyMatch(r -> r.traceparent() != null && r.traceparent().contains(traceId)));
      WebhookReceiver.Received delivery = receiver.requests.stream().filter(r -> r.traceparent() != null && r.traceparent().contains(traceId))
          .findFirst().orElseThrow();
      assertThat(delivery.traceparent()).matches("00-" + traceId + "-[0-9a-f]{16}-0[0-9a-f]")
          .as("the delivery is a span of its own in the caller's trace").doesNotContain("00f067aa0ba902b7");
      // Every delivery carries trace context, whatever caused it.
      assertThat(receiver.requests).allSatisfy(r -> assertThat(r.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]"));
    } finally {
      deliverer.stop();
    }
  }

  private JsonObject subscribe(Http instance, String url, String region, String... types) {
    Http.Response r = instance.send("POST", "/v1/webhooks", env.partnerToken(), "application/json", body(url, region, types).encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private void unsubscribe(Http instance, String id) {
    assertThat(instance.send("DELETE", "/v1/webhooks/" + id, env.partnerToken(), "application/json", "", Map.of()).status()).isEqualTo(204);
  }

  private static JsonObject body(String url, String region, String... types) {
    JsonObject body = new JsonObject().put("url", url).put("eventTypes", new JsonArray(List.of(types)));
    return region == null ? body : body.put("region", region);
  }

  private static JsonArray beds(int free) {
    return new JsonArray().add(new JsonObject().put("careLevel", "self_care").put("total", 40).put("free", free));
  }

  private long count(String sql) throws Exception {
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private long lastOutboxId() throws Exception {
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(max(id), 0) FROM outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Ids of the events since {@code afterId} that a subscription to all listing events in a city should receive. */
  private Set<String> expectedEvents(long afterId, String city) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection c = env.database(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT id FROM outbox WHERE id > " + afterId + " AND event_type IN ('facility.changed', 'facility.beds-freed', 'tourism-site.changed')"
            + " AND left(payload->>'regionCode', 4) = '" + city.substring(0, 4) + "'")) {
      while (rs.next()) ids.add("evt_" + rs.getLong(1));
    }
    return ids;
  }
}
