package org.healthportal.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.healthportal.platform.http.RequestIds;

/**
 * The console's only way to read or change anything: this service's own public API, called with the
 * staff member's access token. So every console action runs the very same validation, scopes,
 * object-level checks, versioning (If-Match), history, outbox and cache invalidation as a client's
 * call, and is visible through the API the moment it answers.
 */
public final class PortalApi {

  /** The API answers within its own response deadline; this only bounds a wedged connection. */
  private static final long TIMEOUT_MS = 15_000;

  private final WebClient http;
  private final String baseUrl;

  public PortalApi(Vertx vertx, String baseUrl) {
    this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2_000).setKeepAlive(true));
    this.baseUrl = baseUrl;
  }

  public Future<ApiAnswer> get(RoutingContext ctx, String path) {
    return send(ctx, HttpMethod.GET, path, null, null, null);
  }

  public Future<ApiAnswer> post(RoutingContext ctx, String path, JsonObject body) {
    return send(ctx, HttpMethod.POST, path, body, "application/json", null);
  }

  public Future<ApiAnswer> put(RoutingContext ctx, String path, JsonObject body, String ifMatch) {
    return send(ctx, HttpMethod.PUT, path, body, "application/json", ifMatch);
  }

  public Future<ApiAnswer> mergePatch(RoutingContext ctx, String path, JsonObject patch, String ifMatch) {
    return send(ctx, HttpMethod.PATCH, path, patch, "application/merge-patch+json", ifMatch);
  }

  private Future<ApiAnswer> send(RoutingContext ctx, HttpMethod method, String path, JsonObject body, String type, String ifMatch) {
    HttpRequest<Buffer> request = http.requestAbs(method, baseUrl + path)
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + Staff.of(ctx).tokens().access())
        .putHeader("Accept-Language", ConsoleLang.of(ctx).tag())
        .putHeader(RequestIds.HEADER, RequestIds.of(ctx));
    if (ifMatch != null) request.putHeader("If-Match", ifMatch);
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent = body == null ? request.send()
        : request.putHeader("Content-Type", type).sendBuffer(body.toBuffer());
    return sent.map(r -> new ApiAnswer(r.statusCode(), r.getHeader("ETag"), r.body()));
  }

  /** Where this instance's own API is reached. */
  public static String localBaseUrl(String host, int port) {
    String target = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return "http://" + (target.contains(":") ? "[" + target + "]" : target) + ":" + port;
  }

}
