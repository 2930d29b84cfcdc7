package org.healthportal.platform.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Contract;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.ProblemTypesPage;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.http.Webjars;

/**
 * The {@code operations} tag: probes, the contract and its human-readable page, the problem types page
 * (metrics: {@link ManagementServer}).
 */
public final class OperationsApi implements ApiModule {

  /** Swagger UI assets, bundled at build time as a webjar; nothing is fetched at run time. */
  private static final String SWAGGER_UI = Webjars.path("org.webjars", "swagger-ui");

  private final Readiness readiness;
  private final String contractYaml = Contract.publishedYaml();

  public OperationsApi(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("getLiveness").addHandler(this::getLiveness);
    builder.getRoute("getReadiness").addHandler(this::getReadiness);
    builder.getRoute("getContract").addHandler(this::getContract);
    builder.getRoute("getDocs").addHandler(this::getDocs);
    builder.getRoute("getProblemTypes").addHandler(this::getProblemTypes);
    builder.getRoute("getProblemType").addHandler(this::getProblemType);
  }

  @Override
  public void addExtraRoutes(Router router) {
    router.get("/docs/ui/*").handler(StaticHandler.create("docs").setCachingEnabled(true));
    router.get("/docs/assets/*").handler(StaticHandler.create(SWAGGER_UI).setCachingEnabled(true).setMaxAgeSeconds(86_400));
  }

  void getLiveness(RoutingContext ctx) {
    sendJson(ctx, 200, new JsonObject().put("status", "UP").put("checks", new JsonArray()));
  }

  void getReadiness(RoutingContext ctx) {
    readiness.check().onSuccess(health ->
        sendJson(ctx, "DOWN".equals(health.getString("status")) ? 503 : 200, health))
        .onFailure(ctx::fail);
  }

  void getContract(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(contractYaml);
  }

  void getDocs(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").sendFile("docs/index.html");
  }

  void getProblemTypes(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "public, max-age=3600")
        .end(ProblemTypesPage.html());
  }

  /** A problem's {@code type} URI: to its entry on the problem types page. */
  void getProblemType(RoutingContext ctx) {
    String type = Requests.validated(ctx).getPathParameters().get("type").getString();
    String location = ProblemTypesPage.location(type);
    if (location == null) throw Problem.notFound(Text.of("problem.no-such-type", type));
    ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("Cache-Control", "public, max-age=3600").end();
  }

  private static void sendJson(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(body.toBuffer());
  }
}
