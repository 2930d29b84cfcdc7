package org.healthportal.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healthportal.support.Facilities.HEALTH_CENTRE_2;
import static org.healthportal.support.Probing.answersAsIfMissing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.healthportal.support.EventStream;
import org.healthportal.support.Http;
import org.healthportal.support.Poll;
import org.healthportal.support.ResidentFixtures;
import org.healthportal.support.Signups;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbox: what signup decisions and contract terms tell, to whom, in which language, and the
 * API's paging, read marks, counts, ETags and preferences. Inboxes are filled by an instance of
 * this class's own (the shared one does not feed), answering through the shared one.
 */
class NotificationsTest {

  /** Feeds inboxes: polls often and runs reminders every second. */
  static final Map<String, String> FEEDING = Map.of("notifications.feed", "true", "notifications.poll-interval-ms", "100",
      "notifications.reminder-interval-seconds", "1");
  private static TestEnv.Instance feeder;

  private final TestEnv env = TestEnv.get();
  private final Http http = env.http;
  private final Signups signups = new Signups(env);

  @BeforeAll
  static void startFeeder() {
    feeder = TestEnv.get().startApp(FEEDING);
  }

  @AfterAll
  static void stopFeeder() {
    if (feeder != null) feeder.stop();
  }

  @Test
  void aDecisionReachesTheHoldersInboxOnceNamingTheDependantWithoutNumbers() throws Exception {
    String token = newResident();
    String dependant = signups.newDependant(token, "王秀英");
    String approved = signups.pending(token, HEALTH_CENTRE_2, dependant);
    signups.decide(env.token("staff1"), approved, null);
    JsonObject n = awaitOne(token, approved, "signup_approved");
    assertThat(n.getString("dependantName")).isEqualTo("王秀英");
    assertThat(n.getBoolean("read")).isFalse();
    assertThat(n.getString("body")).startsWith("The signup of 王秀英 with ").contains("was approved");

    Http.Response zh = http.send("GET", "/v1/me/notifications", token, null, null, Map.of("Accept-Language", "zh-CN"));
    assertThat(zh.header("Content-Language")).isEqualTo("zh-CN");
    assertThat(first(zh.json(), approved).getString("body")).startsWith("王秀英与").contains("签约已通过");

    String declined = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "李建国"));
    signups.decide(env.token("staff1"), declined, "不在服务范围，请致电 13812345678 或 0531-86661234");
    JsonObject no = awaitOne(token, declined, "signup_declined");
    assertThat(no.getString("body")).contains("李建国").contains("不在服务范围");

    roundsPassed(token);
    assertThat(matching(token, approved)).hasSize(1);
    assertThat(matching(token, declined)).hasSize(1);
    for (Object item : list(token, "?limit=100").getJsonArray("items")) {
      JsonObject text = (JsonObject) item;
      assertThat(text.getString("title") + " " + text.getString("body")).as("no ID or phone number, not even masked")
          .doesNotContainPattern("[0-9*]{7,}").doesNotContainPattern("\\*{2,}").doesNotContainPattern("[0-9]{3,}[ -][0-9]{4,}");
    }
  }

  @Test
  void pagesNewestFirstReadMarksUnreadCountAndETags() {
    String token = newResident();
    List<String> decided = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "家人" + "甲乙丙".charAt(i)));
      signups.decide(env.token("staff1"), id, "名额已满");
      decided.add(id);
      awaitOne(token, id, "signup_declined");
    }
    JsonObject page1 = list(token, "?limit=2");
    assertThat(page1.getInteger("unreadCount")).isEqualTo(3);
    assertThat(signupIds(page1)).containsExactly(decided.get(2), decided.get(1));
    JsonObject page2 = list(token, "?limit=2&cursor=" + page1.getString("nextCursor"));
    assertThat(signupIds(page2)).containsExactly(decided.get(0));
    assertThat(page2.getString("nextCursor")).isNull();
    http.get("/v1/me/notifications?unreadOnly=true&cursor=" + page1.getString("nextCursor"), token).problem(400);

    Http.Response all = http.get("/v1/me/notifications", token);
    String etag = all.header("ETag");
    assertThat(http.send("GET", "/v1/me/notifications", token, null, null, Map.of("If-None-Match", etag)).status()).isEqualTo(304);
    Http.Response count = http.get("/v1/me/notifications/unread-count", token);
    assertThat(count.json().getInteger("unreadCount")).isEqualTo(3);
    assertThat(http.send("GET", "/v1/me/notifications/unread-count", token, null, null, Map.of("If-None-Match", count.header("ETag")))
        .status()).isEqualTo(304);

    String newest = page1.getJsonArray("items").getJsonObject(0).getString("id");
    Http.Response read = http.send("POST", "/v1/me/notifications/" + newest + "/read", token, null, null, Map.of());
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().getBoolean("read")).isTrue();
    String readAt = read.json().getString("readAt");
    assertThat(http.send("POST", "/v1/me/notifications/" + newest + "/read", token, null, null, Map.of()).json().getString("readAt"))
        .as("reading again changes nothing").isEqualTo(readAt);
    assertThat(http.send("GET", "/v1/me/notifications", token, null, null, Map.of("If-None-Match", etag)).status()).isEqualTo(200);
    assertThat(list(token, "").getInteger("unreadCount")).isEqualTo(2);
    assertThat(signupIds(list(token, "?unreadOnly=true"))).containsExactly(decided.get(1), decided.get(0));

    Http.Response readAll = http.send("POST", "/v1/me/notifications/read-all", token, null, null, Map.of());
    assertThat(readAll.json()).isEqualTo(new JsonObject().put("marked", 2).put("unreadCount", 0));
    assertThat(http.get("/v1/me/notifications/unread-count", token).json().getInteger("unreadCount")).isZero();
    assertThat(list(token, "?unreadOnly=true").getJsonArray("items")).isEmpty();
    assertThat(list(token, "").getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList())
        .as("stable ids").contains(newest).hasSize(3);
  }

  @Test
  void anotherResidentsNotificationIsAnsweredAsOneThatDoesNotExist() {
    String token = newResident();
    String signup = approvedSignup(token, "张桂兰");
    String id = awaitOne(token, signup, "signup_approved").getString("id");
    String other = ResidentFixtures.withProfile(env, "resident2");
    answersAsIfMissing(id, 404, x -> http.send("POST", "/v1/me/notifications/" + x + "/read", other, null, null, Map.of()));
    assertThat(list(other, "?limit=100").getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList())
        .doesNotContain(id);
    assertThat(awaitOne(token, signup, "signup_approved").getBoolean("read")).as("nobody else marked it").isFalse();
    // Inboxes are residents': staff have none.
    http.get("/v1/me/notifications", env.token("staff1")).problem(403);
    http.get("/v1/me/notifications").problem(401);
  }

  @Test
  void preferencesAreValidatedAndMuteKindsAndSetTheLanguage() throws Exception {
    String token = newResident();
    JsonObject defaults = http.get("/v1/me/notification-preferences", token).json();
    assertThat(defaults).isEqualTo(new JsonObject().put("mutedKinds", new JsonArray()).putNull("quietHours")
        .put("timeZone", "Asia/Shanghai").putNull("language"));

    JsonObject bad = putPreferences(token, new JsonObject().put("quietHours", new JsonObject().put("start", "08:00").put("end", "08:00")), 400);
    assertThat(bad.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/quietHours/end");
    putPreferences(token, new JsonObject().put("quietHours", new JsonObject().put("start", "24:00").put("end", "07:00")), 400);
    putPreferences(token, new JsonObject().put("quietHours", new JsonObject().put("start", "22:00")), 400);
    putPreferences(token, new JsonObject().put("mutedKinds", new JsonArray().add("bed_freed")), 400);
    putPreferences(token, new JsonObject().put("language", "fr"), 400);
    putPreferences(token, new JsonObject().put("sound", true), 400);
    JsonObject zhBad = new JsonObject(http.send("PUT", "/v1/me/notification-preferences", token, "application/json",
        new JsonObject().put("quietHours", new JsonObject().put("start", "08:00").put("end", "08:00")).encode(),
        Map.of("Accept-Language", "zh")).body());
    assertThat(zhBad.getJsonArray("errors").getJsonObject(0).getString("detail")).contains("免打扰");

    JsonObject wanted = new JsonObject().put("mutedKinds", new JsonArray().add("signup_declined"))
        .put("quietHours", new JsonObject().put("start", "22:00").put("end", "07:00")).put("language", "zh");
    assertThat(putPreferences(token, wanted, 200)).isEqualTo(wanted.copy().put("timeZone", "Asia/Shanghai"));
    assertThat(http.get("/v1/me/notification-preferences", token).json()).isEqualTo(wanted.copy().put("timeZone", "Asia/Shanghai"));

    String declined = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "赵淑珍"));
    signups.decide(env.token("staff1"), declined, "名额已满");
    String approved = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "赵淑珍"));
    signups.decide(env.token("staff1"), approved, null);
    // The chosen language wins over the request's.
    assertThat(awaitOne(token, approved, "signup_approved").getString("body")).startsWith("赵淑珍与");
    assertThat(matching(token, declined)).as("a muted kind is not stored").isEmpty();
  }

  /** Quiet hours hold the push back to their end; the inbox fills at once. */
  @Test
  void quietHoursDelayThePushNotTheInbox() throws Exception {
    String token = newResident();
    LocalTime now = LocalTime.now(QuietHours.CST).truncatedTo(ChronoUnit.MINUTES);
    QuietHours quiet = new QuietHours(now.minusHours(1), now.plusHours(2));
    putPreferences(token, new JsonObject().put("quietHours", new JsonObject().put("start", quiet.start().toString())
        .put("end", quiet.end().toString())), 200);
    String signup = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "周玉梅"));
    Instant decidedAt = Instant.now();
    signups.decide(env.token("staff1"), signup, null);
    String id = awaitOne(token, signup, "signup_approved").getString("id");
    Instant due = pushDueAt(id);
    assertThat(due).isAfter(decidedAt.plus(Duration.ofMinutes(100))).isEqualTo(quiet.pushDueAt(decidedAt));
  }

  /** Reminders come with time: renewal open 30 days before the end, "ends soon" days before, then expiry; each once. */
  @Test
  void theTermsRemindersComeOnceEach() throws Exception {
    String token = newResident();
    String signup = approvedSignup(token, "孙德明");
    // The term reaches its renewal window two seconds from now, then its warning, then its end.
    sql("UPDATE signup SET ends_at = now() + interval '30 days 2 seconds' WHERE id = '" + signup + "'");
    JsonObject renewal = awaitOne(token, signup, "renewal_open");
    assertThat(renewal.getString("body")).contains("孙德明").contains("renew");
    sql("UPDATE signup SET ends_at = now() + interval '7 days 2 seconds' WHERE id = '" + signup + "'");
    awaitOne(token, signup, "contract_expiring");
    sql("UPDATE signup SET ends_at = now() - interval '1 second' WHERE id = '" + signup + "'");
    awaitOne(token, signup, "contract_expired");
    roundsPassed(token);
    assertThat(matching(token, signup).stream().map(n -> n.getString("kind")).sorted().toList())
        .containsExactly("contract_expired", "contract_expiring", "renewal_open", "signup_approved");
  }

  /** A change of team is told once the new team accepts: as the change, not as a new signup. */
  @Test
  void aChangeOfTeamIsToldWhenTheNewTeamAccepts() throws Exception {
    String token = newResident();
    String first = approvedSignup(token, "郑雅琴");
    String team = UUID.randomUUID().toString();
    sql("INSERT INTO team (id, facility_id, name_zh, name_en, service_area, panel_cap, packages) VALUES ('" + team + "', '"
        + HEALTH_CENTRE_2 + "', '新团队" + team.substring(0, 4) + "', 'New team', ARRAY['370102'], 10, ARRAY['basic'])");
    Http.Response moved = http.send("POST", "/v1/family-doctor/signups/" + first + "/change-team", token, "application/json",
        new JsonObject().put("teamId", team).encode(), Map.of());
    assertThat(moved.status()).as(moved.body()).isEqualTo(201);
    String next = moved.json().getString("id");
    signups.decide(env.token("staff1"), next, null);
    JsonObject changed = awaitOne(token, next, "team_changed");
    assertThat(changed.getString("body")).contains("New team").contains("郑雅琴");
    assertThat(matching(token, next)).as("not also an approval").hasSize(1);
    assertThat(matching(token, first)).as("ending the old contract was the resident's own act").hasSize(1);
  }

  /** An app reconnecting with the last event id it saw gets what came since, in order, nothing twice. */
  @Test
  void theStreamResumesFromLastEventIdWithoutGapOrRepeat() throws Exception {
    String token = newResident();
    String url = http.baseUrl() + "/v1/me/notifications/stream";
    EventStream.Event seen;
    try (EventStream stream = EventStream.open(url, token, null)) {
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      String a = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, "钱文华"));
      signups.decide(env.token("staff1"), a, null);
      seen = stream.next(Duration.ofSeconds(20));
      assertThat(seen).as("the first event").isNotNull();
      assertThat(seen.name()).isEqualTo("notification");
      assertThat(new JsonObject(seen.data()).getString("signupId")).isEqualTo(a);
    }
    // Away: two more arrive.
    List<String> missed = new ArrayList<>();
    for (String name : List.of("钱文英", "钱文杰")) {
      String id = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, name));
      signups.decide(env.token("staff1"), id, null);
      awaitOne(token, id, "signup_approved");
      missed.add(id);
    }
    try (EventStream again = EventStream.open(url, token, seen.id())) {
      EventStream.Event b = again.next(Duration.ofSeconds(10));
      EventStream.Event c = again.next(Duration.ofSeconds(10));
      assertThat(List.of(new JsonObject(b.data()).getString("signupId"), new JsonObject(c.data()).getString("signupId")))
          .containsExactlyElementsOf(missed);
      assertThat(Long.parseLong(b.id())).isGreaterThan(Long.parseLong(seen.id()));
      assertThat(Long.parseLong(c.id())).isGreaterThan(Long.parseLong(b.id()));
      assertThat(again.next(Duration.ofSeconds(2))).as("nothing twice").isNull();
    }
  }

  /**
   * Returns once the feeder has fed an event made after the call and both reminders have run past
   * its time: whatever rounds would have told twice have run by then. Proves absence without a sleep.
   */
  void roundsPassed(String token) {
    Instant from = Instant.now();
    approvedSignup(token, "陈" + "甲乙丙丁".charAt((int) (Math.random() * 4)));
    Poll.until(() -> "both reminders run past " + from, Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
      try (var c = env.database(); var rs = c.createStatement().executeQuery("SELECT min(done_until) FROM notification_reminder_run")) {
        rs.next();
        return rs.getTimestamp(1).toInstant().isAfter(from);
      }
    });
  }

  /** A household member's signup, accepted and told; its id. */
  private String approvedSignup(String token, String dependantName) {
    String signup = signups.pending(token, HEALTH_CENTRE_2, signups.newDependant(token, dependantName));
    signups.decide(env.token("staff1"), signup, null);
    awaitOne(token, signup, "signup_approved");
    return signup;
  }

  private String newResident() {
    return ResidentFixtures.newResident(env, "notify");
  }

  private JsonObject putPreferences(String token, JsonObject body, int status) {
    Http.Response r = http.send("PUT", "/v1/me/notification-preferences", token, "application/json", body.encode(), Map.of());
    return status == 200 ? okJson(r) : r.problem(status);
  }

  private static JsonObject okJson(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private JsonObject list(String token, String query) {
    return okJson(http.get("/v1/me/notifications" + query, token));
  }

  /** The caller's notifications about a contract, from the first page of 100. */
  List<JsonObject> matching(String token, String signupId) {
    return list(token, "?limit=100").getJsonArray("items").stream().map(i -> (JsonObject) i)
        .filter(n -> signupId.equals(n.getString("signupId"))).toList();
  }

  /** Waits for the notification of this kind about the contract; fails if there are two. */
  JsonObject awaitOne(String token, String signupId, String kind) {
    Poll.until(kind + " for " + signupId, Duration.ofSeconds(20),
        () -> matching(token, signupId).stream().anyMatch(n -> kind.equals(n.getString("kind"))));
    List<JsonObject> found = matching(token, signupId).stream().filter(n -> kind.equals(n.getString("kind"))).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static JsonObject first(JsonObject page, String signupId) {
    return page.getJsonArray("items").stream().map(i -> (JsonObject) i).filter(n -> signupId.equals(n.getString("signupId"))).findFirst()
        .orElseThrow();
  }

  private static List<String> signupIds(JsonObject page) {
    return page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("signupId")).toList();
  }

  private Instant pushDueAt(String notificationId) throws Exception {
    try (var c = env.database(); var rs = c.createStatement().executeQuery(
        "SELECT push_due_at FROM notification WHERE id = '" + UUID.fromString(notificationId) + "'")) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  private void sql(String statement) throws Exception {
    try (var c = env.database()) {
      c.createStatement().executeUpdate(statement);
    }
  }
}
