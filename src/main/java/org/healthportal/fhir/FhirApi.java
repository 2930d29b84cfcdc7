package org.healthportal.fhir;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.ETags;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.search.PublicListings;

/**
 * The {@code fhir} tag: a read-only FHIR R4 view of the published directory (IHE mCSD). Every answer
 * is made from the listings as the API's own searches and reads answer them, so it shows every
 * write at once; the FHIR JSON is written by hand (no FHIR framework at run time).
 */
public final class FhirApi implements ApiModule {

  static final String FHIR_JSON = "application/fhir+json";

  private final Directory directory;
  private final Buffer capabilities;
  private final Optional<String> publicUrl;

  /**
   * @param publicUrl the service's public address ({@code console.public-url}) for links and full
   *     URLs; without it, the address the request came to
   * @param version the artifact's version for the CapabilityStatement, null when unknown
   */
  public FhirApi(PublicListings facilities, PublicListings sites, PublicListings teams,
      Function<String, Future<Optional<Buffer>>> regions, Optional<String> publicUrl, String version) {
    this.directory = new Directory(facilities, sites, teams, regions);
    this.publicUrl = publicUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    this.capabilities = CapabilityStatementResource.of(version).toBuffer();
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("getFhirCapabilities").addHandler(this::getFhirCapabilities);
    builder.getRoute("searchFhirLocations").addHandler(ctx -> search(ctx, "Location"));
    builder.getRoute("readFhirLocation").addHandler(ctx -> read(ctx, "Location"));
    builder.getRoute("searchFhirOrganizations").addHandler(ctx -> search(ctx, "Organization"));
    builder.getRoute("readFhirOrganization").addHandler(ctx -> read(ctx, "Organization"));
    builder.getRoute("searchFhirHealthcareServices").addHandler(ctx -> search(ctx, "HealthcareService"));
    builder.getRoute("readFhirHealthcareService").addHandler(ctx -> read(ctx, "HealthcareService"));
  }

  /**
   * Errors under /fhir are OperationOutcomes, and so is a request no operation takes: a write (this
   * view is read-only, 405) or an unknown resource type (404).
   */
  @Override
  public void addExtraRoutes(Router router) {
    router.route("/fhir/*").handler(ctx -> {
      if (ctx.request().method() != io.vertx.core.http.HttpMethod.GET) {
        ctx.response().putHeader("Allow", "GET");
        ctx.fail(new Problem(org.healthportal.platform.http.ProblemType.METHOD_NOT_ALLOWED,
            org.healthportal.platform.http.Text.literal("The FHIR view is read-only: only read and search (GET) are supported")));
      } else {
        ctx.fail(Problem.notFound("No such FHIR resource type or interaction here: see /fhir/metadata"));
      }
    });
    router.route("/fhir/*").failureHandler(new OperationOutcomes());
  }

  void getFhirCapabilities(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", FHIR_JSON).end(capabilities);
  }

  void search(RoutingContext ctx, String resourceType) {
    FhirSearchParams params = FhirSearchParams.parse(resourceType, Requests.query(ctx), ctx.queryParams(), ctx.request().getHeader("Prefer"));
    String base = base(ctx);
    String self = base + "/" + resourceType + (params.selfQuery().isEmpty() ? "" : "?" + params.selfQuery());
    MergedSearch.page(directory.sources(params), params.page(), params.fingerprint(), params.count())
        .compose(page -> includes(params, page.items()).map(included -> {
          String next = page.next() == null ? null
              : base + "/" + resourceType + "?" + (params.selfQuery().isEmpty() ? "" : params.selfQuery() + "&") + "_page=" + page.next();
          return Bundles.searchset(base, page.items(), included, self, next, params.page() == null);
        }))
        .onSuccess(bundle -> ctx.response().putHeader("Content-Type", FHIR_JSON).putHeader("Cache-Control", "no-cache").end(bundle.toBuffer()))
        .onFailure(ctx::fail);
  }

  void read(RoutingContext ctx, String resourceType) {
    String id = Requests.validated(ctx).getPathParameters().get("id").getString();
    directory.finder(resourceType).find(id)
        .onSuccess(found -> {
          if (found == null) {
            ctx.fail(Problem.notFound(resourceType + "/" + id + " is not known"));
            return;
          }
          JsonObject resource = found.resource();
          String version = resource.getJsonObject("meta", new JsonObject()).getString("versionId");
          // Weak: the representation also changes with what is not versioned (a bed figure turning stale).
          String etag = version == null ? "W/" + ETags.ofBody(resource.toBuffer()) : "W/\"" + version + "\"";
          ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache");
          if (ETags.matches(ctx.request().getHeader("If-None-Match"), etag.substring(2))) {
            ctx.response().setStatusCode(304).end();
          } else {
            ctx.response().putHeader("Content-Type", FHIR_JSON).end(resource.toBuffer());
          }
        })
        .onFailure(ctx::fail);
  }

  /** The resources {@code _include} asks for, each once, that are not matches already. */
  private Future<List<JsonObject>> includes(FhirSearchParams params, List<Source.Item> matches) {
    if (params.includes().isEmpty()) return Future.succeededFuture(List.of());
    Map<String, Future<Directory.Found>> wanted = new LinkedHashMap<>();
    for (Source.Item item : matches) {
      JsonObject r = item.resource();
      for (String include : params.includes()) {
        switch (include) {
          case "Location:organization" -> want(wanted, "Organization", r.getJsonObject("managingOrganization"));
          case "Organization:partof" -> want(wanted, "Organization", r.getJsonObject("partOf"));
          case "HealthcareService:organization" -> want(wanted, "Organization", r.getJsonObject("providedBy"));
          default -> r.getJsonArray("location", new io.vertx.core.json.JsonArray())
              .forEach(l -> want(wanted, "Location", (JsonObject) l));
        }
      }
    }
    matches.forEach(m -> wanted.remove(m.resource().getString("resourceType") + "/" + m.id()));
    return Future.all(new ArrayList<>(wanted.values())).map(all -> {
      List<JsonObject> out = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        Directory.Found found = all.resultAt(i);
        if (found != null) out.add(found.resource());
      }
      return out;
    });
  }

  private void want(Map<String, Future<Directory.Found>> wanted, String type, JsonObject reference) {
    if (reference == null) return;
    String ref = reference.getString("reference");
    wanted.computeIfAbsent(ref, r -> directory.finder(type).find(r.substring(r.indexOf('/') + 1)));
  }

  /** The FHIR base URL: behind a TLS-terminating proxy the request's own scheme would be wrong. */
  private String base(RoutingContext ctx) {
    return publicUrl.orElseGet(() -> ctx.request().scheme() + "://" + ctx.request().authority()) + "/fhir";
  }
}
