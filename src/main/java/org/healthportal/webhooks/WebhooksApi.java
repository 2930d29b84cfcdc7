package org.healthportal.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import org.healthportal.api.model.WebhookCreate;
import org.healthportal.api.model.WebhookList;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.http.Text;
import org.healthportal.regions.published.RegionCodes;
import org.healthportal.webhooks.published.WebhookSignature;

/** The {@code webhooks} tag: partners manage their subscriptions; delivery is {@link WebhookDispatcher}'s. */
public final class WebhooksApi implements ApiModule {

  private final Pool pool;
  private final SubscriptionRepository subscriptions;
  private final WebhookTargets targets;

  public WebhooksApi(Vertx vertx, Pool pool, AppConfig.Webhooks config) {
    this.pool = pool;
    this.subscriptions = new SubscriptionRepository(pool);
    this.targets = new WebhookTargets(vertx, config.allowPrivateTargets(), config.allowHttp());
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("listWebhooks").addHandler(this::listWebhooks);
    builder.getRoute("createWebhook").addHandler(this::createWebhook);
    builder.getRoute("getWebhook").addHandler(this::getWebhook);
    builder.getRoute("deleteWebhook").addHandler(this::deleteWebhook);
  }

  void listWebhooks(RoutingContext ctx) {
    Caller partner = partner(ctx);
    subscriptions.ofOwner(partner.clientId()).onSuccess(items -> Json.send(ctx, 200, new WebhookList().items(items))).onFailure(ctx::fail);
  }

  void createWebhook(RoutingContext ctx) {
    Caller partner = partner(ctx);
    WebhookCreate body = Requests.body(ctx, WebhookCreate.class);
    UUID id = UUID.randomUUID();
    String secret = WebhookSignature.newSecret();
    targets.check(body.getUrl())
        .recover(e -> Future.failedFuture(Problem.invalidField("body", "/url", Text.of("webhooks.url-refused", WebhookTargets.reason(e)))))
        .compose(v -> body.getRegion() == null ? Future.<Void>succeededFuture()
            : RegionCodes.require(pool, body.getRegion(), "/region"))
        .compose(v -> subscriptions.insert(id, partner.clientId(), body.getUrl(),
            body.getEventTypes().stream().map(Object::toString).sorted().toList(), body.getRegion(), secret))
        .compose(v -> subscriptions.find(id, partner.clientId()))
        .onSuccess(created -> {
          JsonObject json = new JsonObject(Json.encode(created.orElseThrow())).put("secret", secret);
          ctx.response().putHeader("Location", "/v1/webhooks/" + id);
          Json.send(ctx, 201, json);
        })
        .onFailure(ctx::fail);
  }

  void getWebhook(RoutingContext ctx) {
    Caller partner = partner(ctx);
    UUID id = Requests.uuidPathParam(ctx, "webhookId");
    subscriptions.find(id, partner.clientId())
        .map(found -> found.orElseThrow(() -> notFound(id)))
        .onSuccess(webhook -> Json.send(ctx, 200, webhook))
        .onFailure(ctx::fail);
  }

  void deleteWebhook(RoutingContext ctx) {
    Caller partner = partner(ctx);
    UUID id = Requests.uuidPathParam(ctx, "webhookId");
    subscriptions.delete(id, partner.clientId())
        .map(deleted -> {
          if (!deleted) throw notFound(id);
          return deleted;
        })
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static Caller partner(RoutingContext ctx) {
    return Caller.require(ctx).requireRole(Caller.Role.PARTNER);
  }

  private static Problem notFound(UUID id) {
    return Problem.notFound(Text.of("webhooks.not-found", id));
  }
}
