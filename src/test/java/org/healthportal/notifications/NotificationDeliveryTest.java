package org.healthportal.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.healthportal.support.Poll;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.Signups;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing twice: a decision committed while no instance feeds inboxes reaches the inbox
 * once an instance starts again; an event seen again, and instances feeding side by side, add
 * nothing. Counted in the database, under the de-duplication key's own columns.
 */
class NotificationDeliveryTest {

  private final TestEnv env = TestEnv.get();
  private final Signups signups = new Signups(env);

  @Test
  void aDecisionCommittedWhileNoInstanceFeedsArrivesOnceAfterTheRestart() throws Exception {
    String token = newResident();
    String signup = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "吴桂芳"));
    TestEnv.Instance first = env.startApp(NotificationsTest.FEEDING);
    first.stop(); // the process is gone before the change commits
    signups.decide(env.token("staff1"), signup, null);
    assertThat(notifications(signup)).as("nobody feeds").isZero();
    assertThat(unseenEvents(signup)).as("the decision's event waits in the outbox").isGreaterThanOrEqualTo(1);

    TestEnv.Instance second = env.startApp(NotificationsTest.FEEDING);
    try {
      Poll.until("the decision in the inbox", Duration.ofSeconds(20), () -> notifications(signup) == 1);
      Poll.until("the events marked seen", Duration.ofSeconds(10), () -> unseenEvents(signup) == 0);
      // As if the process had died after storing and before marking: the event is seen again.
      sql("UPDATE outbox SET notified_at = NULL WHERE aggregate_id = '" + signup + "'");
      Poll.until("the events seen again", Duration.ofSeconds(10), () -> unseenEvents(signup) == 0);
      assertThat(notifications(signup)).isEqualTo(1);
    } finally {
      second.stop();
    }
  }

  @Test
  void instancesFeedingSideBySideStoreEachNotificationOnce() throws Exception {
    String token = newResident();
    List<String> decided = new ArrayList<>();
    for (int i = 0; i < 8; i++) decided.add(signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "家人" + i)));
    TestEnv.Instance a = env.startApp(NotificationsTest.FEEDING);
    TestEnv.Instance b = env.startApp(NotificationsTest.FEEDING);
    try {
      for (String id : decided) signups.decide(env.token("staff1"), id, decided.indexOf(id) % 2 == 0 ? null : "名额已满");
      for (String id : decided) Poll.until("the decision on " + id, Duration.ofSeconds(20), () -> notifications(id) == 1);
      new NotificationsTest().roundsPassed(token);
      for (String id : decided) assertThat(notifications(id)).as(id).isEqualTo(1);
      assertThat(distinctSequenceNumbers(token)).as("the decisions' and the fence's").isEqualTo(decided.size() + 1);
    } finally {
      a.stop();
      b.stop();
    }
  }

  private String newResident() {
    return ResidentFixtures.newResident(env, "notify");
  }

  private int notifications(String signupId) {
    return count("SELECT count(*) FROM notification WHERE signup_id = '" + UUID.fromString(signupId) + "'");
  }

  private int unseenEvents(String signupId) {
    return count("SELECT count(*) FROM outbox WHERE notified_at IS NULL AND aggregate_id = '" + UUID.fromString(signupId) + "'");
  }

  private int distinctSequenceNumbers(String token) {
    String subject = env.http.get("/v1/me", token).json().getString("subject");
    return count("SELECT count(DISTINCT seq) FROM notification WHERE owner_subject = '" + subject.replace("'", "") + "'");
  }

  private int count(String query) {
    try (var c = env.database(); var rs = c.createStatement().executeQuery(query)) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void sql(String statement) throws Exception {
    try (var c = env.database()) {
      c.createStatement().executeUpdate(statement);
    }
  }
}
