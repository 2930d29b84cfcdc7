package org.healthportal.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToIntFunction;
import org.healthportal.support.Http;
import org.healthportal.support.Poll;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.Signups;
import org.healthportal.support.TestClock;
import org.healthportal.support.TestEnv;
import org.healthportal.support.WebhookReceiver;
import org.healthportal.webhooks.published.WebhookSignature;
import org.junit.jupiter.api.Test;

/**
 * Push to phones: each test starts an instance of its own that feeds inboxes and pushes to a
 * receiver standing in for the push gateway (the shared instance does neither), and stops it after.
 */
class NotificationPushTest {

  private static final String SECRET = WebhookSignature.newSecret();

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final Signups signups = new Signups(env);
  /** Reads inboxes through the shared instance. */
  private final NotificationsTest inbox = new NotificationsTest();

  @Test
  void aDecisionReachesTheGatewayOnceSignedInTheResidentsLanguageWithoutNumbers() throws Exception {
    pushing(Map.of(), Clock.systemUTC(), (gateway, pusher) -> {
      String token = ResidentFixtures.newResident(env, "push");
      putPreferences(token, new JsonObject().put("language", "en"));
      String signup = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "吴淑兰"));
      signups.decide(env.token("staff1"), signup, "请致电 13812345678");
      String id = inbox.awaitOne(token, signup, "signup_declined").getString("id");

      WebhookReceiver.Received push = awaitPushes(gateway, id, 1).get(0);
      assertThat(push.signature()).as("signed like webhooks, with the push secret")
          .isEqualTo(WebhookSignature.sign(SECRET, id, Long.parseLong(push.timestamp()), push.body()));
      JsonObject body = new JsonObject(push.body());
      assertThat(body.getString("id")).isEqualTo(id);
      assertThat(body.getString("kind")).isEqualTo("signup_declined");
      assertThat(body.getString("subject")).isNotBlank();
      assertThat(body.getString("language")).isEqualTo("en");
      assertThat(body.getString("body")).contains("吴淑兰").contains("declined");
      assertThat(body.getString("createdAt")).isNotBlank();
      assertThat(body.getString("title") + " " + body.getString("body")).as("no ID or phone number, not even masked")
          .doesNotContainPattern("[0-9*]{7,}").doesNotContainPattern("\\*{2,}");

      pushRoundsPassed(gateway);
      assertThat(pushesOf(gateway, id)).as("pushed once").hasSize(1);
      assertThat(gateway.distinctIds()).contains(id);
      assertThat(column(id, "pushed_at IS NOT NULL")).isEqualTo("t");
    });
  }

  @Test
  void aFailingGatewayIsRetriedWithBackoffUnderTheSameIdThenDelivered() throws Exception {
    pushing(Map.of("notifications.push.backoff-base-ms", "200"), Clock.systemUTC(), (gateway, pusher) -> {
      gateway.statusForAttempt = attempt -> attempt < 3 ? 503 : 200;
      String id = decidedNotification(ResidentFixtures.newResident(env, "push"));
      List<WebhookReceiver.Received> attempts = awaitPushes(gateway, id, 3);
      assertThat(attempts.get(2).atMillis() - attempts.get(1).atMillis()).as("the second wait is twice the first")
          .isGreaterThanOrEqualTo(400 - 50);
      for (WebhookReceiver.Received r : attempts) {
        assertThat(r.signature()).isEqualTo(WebhookSignature.sign(SECRET, id, Long.parseLong(r.timestamp()), r.body()));
      }
      Poll.until("recorded as pushed", Duration.ofSeconds(5), () -> "t".equals(column(id, "pushed_at IS NOT NULL")));
      gateway.statusForAttempt = attempt -> 200;
      pushRoundsPassed(gateway);
      assertThat(pushesOf(gateway, id)).as("nothing after the delivery").hasSize(3);
      assertThat(column(id, "push_attempts")).isEqualTo("3");
    });
  }

  @Test
  void afterItsLastAttemptAPushIsGivenUpWithTheReason() throws Exception {
    pushing(Map.of("notifications.push.backoff-base-ms", "100", "notifications.push.max-attempts", "2"), Clock.systemUTC(), (gateway, pusher) -> {
      gateway.statusForAttempt = attempt -> 500;
      String id = decidedNotification(ResidentFixtures.newResident(env, "push"));
      awaitPushes(gateway, id, 2);
      Poll.until("given up", Duration.ofSeconds(5), () -> "t".equals(column(id, "push_given_up_at IS NOT NULL")));
      assertThat(column(id, "push_last_error")).contains("after 2 attempts").contains("HTTP 500");
      gateway.statusForAttempt = attempt -> 200;
      pushRoundsPassed(gateway);
      assertThat(pushesOf(gateway, id)).as("no third attempt").hasSize(2);
    });
  }

  @Test
  void aGatewayThatNeverAnswersHoldsAtMostItsSlotsAndNeverTheApi() throws Exception {
    // Never answering from the start: pushes of earlier tests' notifications must not get through either.
    pushing(Map.of("notifications.push.timeout-ms", "3000", "notifications.push.max-in-flight", "2"), Clock.systemUTC(), attempt -> -1,
        (gateway, pusher) -> {
      String token = ResidentFixtures.newResident(env, "push");
      for (int i = 0; i < 4; i++) decidedNotification(token);
      Poll.until("the gateway holds pushes", Duration.ofSeconds(10), () -> gateway.requests.size() >= 2);
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        assertThat(pusher.http().get("/v1/me/notifications", token).status()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).as("API round trip while pushes hang").isLessThan(1_000);
      }
      long firstAt = gateway.requests.get(0).atMillis();
      assertThat(gateway.requests.stream().filter(r -> r.atMillis() < firstAt + 2_500).count())
          .as("no more than max-in-flight requests wait on the gateway before the time limit frees them").isLessThanOrEqualTo(2);
    });
  }

  /** A kind muted while its push waited for the end of quiet hours is not pushed after all. */
  @Test
  void aKindMutedWhileItsPushWaitsIsNotPushed() throws Exception {
    TestClock clock = new TestClock();
    pushing(Map.of(), clock, (gateway, pusher) -> {
      String token = ResidentFixtures.newResident(env, "push");
      quietNow(token);
      String id = decidedNotification(token);
      putPreferences(token, new JsonObject().put("mutedKinds", new JsonArray().add("signup_approved")));
      clock.advance(Duration.ofHours(3));
      Poll.until("given up", Duration.ofSeconds(10), () -> "t".equals(column(id, "push_given_up_at IS NOT NULL")));
      assertThat(column(id, "push_last_error")).contains("muted");
      assertThat(pushesOf(gateway, id)).isEmpty();
    });
  }

  /** Quiet hours hold the push back to their end, by the instance's clock; the inbox fills at once. */
  @Test
  void quietHoursDelayThePushNotTheInbox() throws Exception {
    TestClock clock = new TestClock();
    pushing(Map.of(), clock, (gateway, pusher) -> {
      String token = ResidentFixtures.newResident(env, "push");
      QuietHours quiet = quietNow(token);
      String id = decidedNotification(token);

      pushRoundsPassed(gateway); // the inbox has it, the gateway does not
      assertThat(pushesOf(gateway, id)).as("no push during quiet hours").isEmpty();
      Instant due = Instant.parse(column(id, "to_char(push_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"));
      assertThat(due).isEqualTo(quiet.pushDueAt(Instant.now()));
      clock.advance(Duration.between(clock.instant(), due).minusSeconds(30));
      pushRoundsPassed(gateway);
      assertThat(pushesOf(gateway, id)).as("still quiet half a minute before their end").isEmpty();
      clock.advance(Duration.ofMinutes(1));
      awaitPushes(gateway, id, 1);
    });
  }

  /**
   * A process killed while its push waits on the gateway (no shutdown, nothing recorded): the next
   * instance sends it again under the same id once the lease ends, and records it pushed once.
   */
  @Test
  void aPushInFlightWhenItsProcessDiesIsSentAgainUnderTheSameId() throws Exception {
    // Earlier tests' unpushed notifications are theirs: out of the way, so ours is the one in flight.
    sql("UPDATE notification SET push_given_up_at = now() WHERE pushed_at IS NULL AND push_given_up_at IS NULL");
    try (WebhookReceiver gateway = new WebhookReceiver()) {
      gateway.statusForAttempt = attempt -> attempt == 1 ? -1 : 200; // the first attempt is never answered
      Map<String, String> settings = settings(gateway, Map.of("notifications.push.timeout-ms", "1000"));
      int port = env.startServerProcess(List.of("-Xmx256m"), settings);
      String id;
      try {
        id = decidedNotification(ResidentFixtures.newResident(env, "push"));
        awaitPushes(gateway, id, 1);
      } finally {
        env.killServerProcess(port);
      }
      assertThat(column(id, "pushed_at IS NULL AND push_attempts = 1 AND push_last_error IS NULL"))
          .as("claimed by the dead process, no outcome recorded").isEqualTo("t");

      TestEnv.Instance next = env.startApp(settings);
      try {
        List<WebhookReceiver.Received> attempts = awaitPushes(gateway, id, 2);
        // The lease ends 3 s (3 x the time limit) after the claim; the first attempt reached the gateway a little after it.
        assertThat(attempts.get(1).atMillis() - attempts.get(0).atMillis()).as("not before the lease ended")
            .isGreaterThanOrEqualTo(2_000);
        assertThat(attempts).extracting(WebhookReceiver.Received::body).as("the same push").containsOnly(attempts.get(0).body());
        Poll.until("recorded as pushed", Duration.ofSeconds(5), () -> "t".equals(column(id, "pushed_at IS NOT NULL")));
        assertThat(gateway.distinctIds()).as("one notification after de-duplication by id").containsOnlyOnce(id);
      } finally {
        next.stop();
      }
      assertThat(pushesOf(gateway, id)).as("nothing after the delivery").hasSize(2);
    }
  }

  /** What a test does with the gateway's stand-in and the instance pushing to it. */
  private interface Scenario {
    void run(WebhookReceiver gateway, TestEnv.Instance pusher) throws Exception;
  }

  /**
   * Runs {@code scenario} with a receiver standing in for the gateway and an instance of its own
   * that feeds inboxes and pushes there (polling often), going by {@code clock}; stops both after.
   */
  private void pushing(Map<String, String> overrides, Clock clock, Scenario scenario) throws Exception {
    pushing(overrides, clock, attempt -> 200, scenario);
  }

  /** The same with a gateway that answers each attempt with the status {@code answers} picks (-1: never). */
  private void pushing(Map<String, String> overrides, Clock clock, ToIntFunction<Integer> answers, Scenario scenario) throws Exception {
    try (WebhookReceiver gateway = new WebhookReceiver()) {
      gateway.statusForAttempt = answers;
      TestEnv.Instance pusher = env.startApp(settings(gateway, overrides), clock);
      try {
        scenario.run(gateway, pusher);
      } finally {
        pusher.stop();
      }
    }
  }

  /** An instance's settings to feed inboxes and push to {@code gateway}, polling often, with {@code overrides}. */
  private static Map<String, String> settings(WebhookReceiver gateway, Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(NotificationsTest.FEEDING);
    settings.put("notifications.push.url", gateway.url());
    settings.put("notifications.push.secret", SECRET);
    settings.put("notifications.push.poll-interval-ms", "100");
    settings.put("notifications.push.timeout-ms", "2000");
    settings.putAll(overrides);
    return settings;
  }

  /** A household member's signup, approved; the id of the notification that tells it. */
  private String decidedNotification(String token) {
    String signup = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "郭" + "春夏秋冬".charAt((int) (Math.random() * 4))));
    signups.decide(env.token("staff1"), signup, null);
    return inbox.awaitOne(token, signup, "signup_approved").getString("id");
  }

  /**
   * Returns once a push made after the call reached the gateway (another resident's, without quiet
   * hours): the rounds that would have pushed anything again have run by then. Proves absence
   * without a sleep.
   */
  private void pushRoundsPassed(WebhookReceiver gateway) {
    awaitPushes(gateway, decidedNotification(ResidentFixtures.newResident(env, "fence")), 1);
  }

  private static List<WebhookReceiver.Received> pushesOf(WebhookReceiver gateway, String id) {
    return gateway.requests.stream().filter(r -> id.equals(r.id())).toList();
  }

  private static List<WebhookReceiver.Received> awaitPushes(WebhookReceiver gateway, String id, int count) {
    Poll.until(count + " pushes of " + id, Duration.ofSeconds(20), () -> pushesOf(gateway, id).size() >= count);
    return pushesOf(gateway, id);
  }

  /** Gives the resident quiet hours from an hour ago to two hours from now (China Standard Time). */
  private QuietHours quietNow(String token) {
    LocalTime now = LocalTime.now(QuietHours.CST).truncatedTo(ChronoUnit.MINUTES);
    QuietHours quiet = new QuietHours(now.minusHours(1), now.plusHours(2));
    putPreferences(token, new JsonObject().put("quietHours", new JsonObject().put("start", quiet.start().toString())
        .put("end", quiet.end().toString())));
    return quiet;
  }

  private void putPreferences(String token, JsonObject body) {
    Http.Response r = http.send("PUT", "/v1/me/notification-preferences", token, "application/json", body.encode(), Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private void sql(String statement) throws java.sql.SQLException {
    try (var c = env.database()) {
      c.createStatement().executeUpdate(statement);
    }
  }

  private String column(String notificationId, String expression) {
    try (var c = env.database(); var rs = c.createStatement().executeQuery(
        "SELECT " + expression + " FROM notification WHERE id = '" + UUID.fromString(notificationId) + "'")) {
      rs.next();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
