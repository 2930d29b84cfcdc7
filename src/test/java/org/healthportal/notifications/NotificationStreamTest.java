package org.healthportal.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.healthportal.support.EventStream;
import org.healthportal.support.Poll;
import org.healthportal.support.Race;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.Signups;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How open streams learn of new notifications: from PostgreSQL's notice at the commit, and, for a
 * notice lost while the listening connection was down, from the sweep after it reconnects. The
 * streams are held by an instance whose periodic sweep is a minute apart, so neither test passes by
 * a stream or a sweep happening to look.
 */
class NotificationStreamTest {

  private static final Map<String, String> SLOW_SWEEP = Map.of("notifications.feed", "false", "notifications.stream-poll-ms", "60000");
  private static TestEnv.Instance feeder;
  private static TestEnv.Instance streams;

  private final TestEnv env = TestEnv.get();
  private final Signups signups = new Signups(env);
  private final NotificationsTest inbox = new NotificationsTest();

  @BeforeAll
  static void start() {
    feeder = TestEnv.get().startApp(NotificationsTest.FEEDING);
    streams = TestEnv.get().startApp(SLOW_SWEEP);
  }

  @AfterAll
  static void stop() {
    if (streams != null) streams.stop();
    if (feeder != null) feeder.stop();
  }

  @Test
  void aStoredNotificationReachesTheOpenStreamAtOnce() throws Exception {
    String token = ResidentFixtures.newResident(env, "stream");
    try (EventStream stream = EventStream.open(streams.http().baseUrl() + "/v1/me/notifications/stream", token, null)) {
      String signup = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "周秀珍"));
      signups.decide(env.token("staff1"), signup, null);
      long storedAt = storedAtMillis(signup);
      EventStream.Event event = stream.next(Duration.ofSeconds(10));
      long gotAt = System.currentTimeMillis();
      assertThat(event).as("the notification, long before any sweep").isNotNull();
      assertThat(new JsonObject(event.data()).getString("signupId")).isEqualTo(signup);
      assertThat(gotAt - storedAt).as("ms from the notification's commit to the client").isLessThan(3_000);
    }
  }

  /** Streams read together (one query for many): each gets its own resident's notifications, once, and nobody else's. */
  @Test
  void manyStreamsReadTogetherEachGetOnlyTheirOwn() throws Exception {
    int residents = 4;
    List<String> tokens = new ArrayList<>();
    List<EventStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < residents; i++) {
        tokens.add(ResidentFixtures.newResident(env, "stream"));
        streams.add(EventStream.open(NotificationStreamTest.streams.http().baseUrl() + "/v1/me/notifications/stream", tokens.get(i), null));
        streams.add(EventStream.open(NotificationStreamTest.streams.http().baseUrl() + "/v1/me/notifications/stream", tokens.get(i), null));
      }
      List<String> pending = new ArrayList<>();
      for (int i = 0; i < residents; i++) pending.add(signups.pending(tokens.get(i), HEALTH_CENTRE_2, signups.newDependant(tokens.get(i), "周" + "一二三四".charAt(i))));
      List<String> staff = List.of(env.token("staff1"));
      Race.of(residents, i -> () -> { signups.decide(staff.get(0), pending.get(i), null); return null; });
      for (int i = 0; i < 2 * residents; i++) {
        EventStream.Event event = streams.get(i).next(Duration.ofSeconds(10));
        assertThat(event).as("stream %d", i).isNotNull();
        assertThat(new JsonObject(event.data()).getString("signupId")).as("stream %d", i).isEqualTo(pending.get(i / 2));
      }
      for (EventStream stream : streams) assertThat(stream.next(Duration.ofMillis(300))).as("nothing more").isNull();
    } finally {
      for (EventStream stream : streams) stream.close();
    }
  }

  @Test
  void aNoticeLostWhileTheListenerIsDownIsFoundAfterItReconnects() throws Exception {
    String token = ResidentFixtures.newResident(env, "stream");
    String first = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "周建华"));
    signups.decide(env.token("staff1"), first, null);
    inbox.awaitOne(token, first, "signup_approved");
    String owner = query("SELECT owner_subject FROM notification WHERE signup_id = '" + UUID.fromString(first) + "'");
    try (EventStream stream = EventStream.open(streams.http().baseUrl() + "/v1/me/notifications/stream", token, null)) {
      int listeners = Integer.parseInt(query("SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN \"hp_inbox\"'"));
      assertThat(listeners).as("instances listening").isGreaterThanOrEqualTo(2);
      // Every listener's connection ends; the notification is stored before they can reconnect (1 s).
      try (var c = env.database()) {
        c.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN \"hp_inbox\"'");
        c.createStatement().executeUpdate("WITH inbox AS (UPDATE notification_inbox SET last_seq = last_seq + 1 WHERE owner_subject = '"
            + owner + "' RETURNING last_seq) INSERT INTO notification (id, owner_subject, seq, kind, source, signup_id, params, push_due_at)"
            + " SELECT gen_random_uuid(), owner_subject, inbox.last_seq, kind, 'test:" + UUID.randomUUID() + "', signup_id, params, now()"
            + " FROM notification, inbox WHERE signup_id = '" + UUID.fromString(first) + "'");
      }
      EventStream.Event event = stream.next(Duration.ofSeconds(15));
      assertThat(event).as("the notification whose notice nobody heard").isNotNull();
      assertThat(new JsonObject(event.data()).getString("signupId")).isEqualTo(first);
      Poll.until("the listeners back", Duration.ofSeconds(10), () -> Integer.parseInt(
          query("SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN \"hp_inbox\"'")) >= listeners);
      assertThat(stream.next(Duration.ofMillis(500))).as("nothing twice").isNull();
    }
  }

  private long storedAtMillis(String signupId) {
    Poll.until("the notification stored", Duration.ofSeconds(10),
        () -> !"0".equals(query("SELECT count(*) FROM notification WHERE signup_id = '" + UUID.fromString(signupId) + "'")));
    return Long.parseLong(query("SELECT (extract(epoch FROM created_at) * 1000)::bigint FROM notification WHERE signup_id = '"
        + UUID.fromString(signupId) + "'"));
  }

  private String query(String sql) {
    try (var c = env.database(); var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
