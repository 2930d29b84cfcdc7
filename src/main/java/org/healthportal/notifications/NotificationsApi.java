package org.healthportal.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.Lang;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.metrics.Meters;
import org.healthportal.platform.search.PageCursor;
import org.healthportal.platform.search.Pages;

/** The {@code notifications} tag: the caller's inbox, its preferences and its live stream. */
public final class NotificationsApi implements ApiModule {

  private final Inbox inbox;
  private final PreferenceStore preferences;
  private final InboxSignals signals;
  private final NotificationStream stream;

  public NotificationsApi(Vertx vertx, Pool pool, AppConfig config, Meters meters) {
    this.inbox = new Inbox(pool);
    this.preferences = new PreferenceStore(pool);
    this.signals = new InboxSignals(vertx, pool, config.db(), config.notifications().streamPoll(), meters);
    this.stream = new NotificationStream(new StreamReads(inbox), signals);
  }

  /** Starts listening for new notifications on behalf of the streams this instance will hold. */
  public void start() {
    signals.start();
  }

  public Future<Void> stop() {
    return signals.stop();
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("listMyNotifications").addHandler(this::listMyNotifications);
    builder.getRoute("getMyUnreadNotificationCount").addHandler(this::getMyUnreadNotificationCount);
    builder.getRoute("markNotificationRead").addHandler(this::markNotificationRead);
    builder.getRoute("markAllNotificationsRead").addHandler(this::markAllNotificationsRead);
    builder.getRoute("streamMyNotifications").addHandler(this::streamMyNotifications);
    builder.getRoute("getMyNotificationPreferences").addHandler(this::getMyNotificationPreferences);
    builder.getRoute("putMyNotificationPreferences").addHandler(this::putMyNotificationPreferences);
  }

  void listMyNotifications(RoutingContext ctx) {
    String owner = resident(ctx);
    Requests.Query query = Requests.query(ctx);
    boolean unreadOnly = Boolean.TRUE.equals(query.bool("unreadOnly"));
    int limit = Pages.limit(query);
    String fingerprint = PageCursor.fingerprint("notifications|" + unreadOnly);
    PageCursor after = PageCursor.decode(query.string("cursor"), fingerprint, PageCursor.ValueType.INT);
    Future<Pages.Page<Inbox.Stored>> page = inbox.page(owner, unreadOnly, after == null ? null : ((Number) after.sortValue()).longValue(),
        limit, fingerprint);
    Future<Long> unread = inbox.unreadCount(owner);
    Future<Lang> lang = language(ctx, owner);
    Future.all(page, unread, lang)
        .onSuccess(all -> {
          JsonArray items = new JsonArray();
          page.result().items().forEach(n -> items.add(json(n, lang.result())));
          JsonObject body = new JsonObject().put("items", items).put("unreadCount", unread.result())
              .put("nextCursor", page.result().nextCursor());
          ctx.response().putHeader("Content-Language", lang.result().tag()).putHeader("Vary", "Accept-Language");
          Json.send(ctx, 200, body);
        })
        .onFailure(ctx::fail);
  }

  void getMyUnreadNotificationCount(RoutingContext ctx) {
    inbox.unreadCount(resident(ctx))
        .onSuccess(n -> Json.send(ctx, 200, new JsonObject().put("unreadCount", n)))
        .onFailure(ctx::fail);
  }

  void markNotificationRead(RoutingContext ctx) {
    String owner = resident(ctx);
    UUID id = Requests.uuidPathParam(ctx, "notificationId");
    inbox.markRead(owner, id)
        .map(found -> found.orElseThrow(() -> Problem.notFound(Text.of("problem.no-such-id", Text.of("noun.notification"), id))))
        .compose(n -> language(ctx, owner).map(lang -> {
          ctx.response().putHeader("Content-Language", lang.tag());
          return json(n, lang);
        }))
        .onSuccess(n -> Json.send(ctx, 200, n))
        .onFailure(ctx::fail);
  }

  void markAllNotificationsRead(RoutingContext ctx) {
    inbox.markAllRead(resident(ctx))
        .onSuccess(n -> Json.send(ctx, 200, new JsonObject().put("marked", n).put("unreadCount", 0)))
        .onFailure(ctx::fail);
  }

  void streamMyNotifications(RoutingContext ctx) {
    String owner = resident(ctx);
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    Future<Long> from = lastEventId != null ? Future.succeededFuture(Long.parseLong(lastEventId)) : inbox.lastSeq(owner);
    Future.all(from, language(ctx, owner))
        .onSuccess(both -> {
          Lang lang = both.resultAt(1);
          stream.open(ctx, owner, both.resultAt(0), n -> json(n, lang), lang);
        })
        .onFailure(ctx::fail);
  }

  void getMyNotificationPreferences(RoutingContext ctx) {
    preferences.get(resident(ctx)).onSuccess(p -> Json.send(ctx, 200, PreferenceStore.toJson(p))).onFailure(ctx::fail);
  }

  void putMyNotificationPreferences(RoutingContext ctx) {
    String owner = resident(ctx);
    Preferences wanted = PreferenceStore.fromJson(Requests.validated(ctx).getBody().getJsonObject());
    preferences.put(owner, wanted).onSuccess(p -> Json.send(ctx, 200, PreferenceStore.toJson(p))).onFailure(ctx::fail);
  }

  /** Inboxes belong to residents' accounts; staff, admins and partners have none (403). */
  private static String resident(RoutingContext ctx) {
    return Caller.require(ctx).requireRole(Caller.Role.RESIDENT).subject();
  }

  /** The language the resident chose for notifications, else the request's. */
  private Future<Lang> language(RoutingContext ctx, String owner) {
    return preferences.get(owner).map(p -> p.language() != null ? p.language() : Lang.of(ctx));
  }

  /** A notification as the contract shows it, its texts in {@code lang}. */
  static JsonObject json(Inbox.Stored n, Lang lang) {
    NotificationTexts.Rendered text = NotificationTexts.render(lang, n.kind(), n.params());
    return new JsonObject()
        .put("id", n.id().toString())
        .put("kind", n.kind().wire())
        .put("title", text.title())
        .put("body", text.body())
        .put("signupId", n.signupId() == null ? null : n.signupId().toString())
        .put("dependantName", n.params().getString("dependantName"))
        .put("facilityId", n.params().getString("facilityId"))
        .put("careLevel", n.params().getString("careLevel"))
        .put("bedsReportedAt", n.params().getString("reportedAt"))
        .put("createdAt", utc(n.createdAt()))
        .put("read", n.readAt() != null)
        .put("readAt", utc(n.readAt()));
  }

  private static String utc(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toString();
  }
}
