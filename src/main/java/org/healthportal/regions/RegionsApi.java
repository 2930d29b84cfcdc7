package org.healthportal.regions;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.healthportal.api.model.RegionDetail;
import org.healthportal.api.model.RegionList;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.ETags;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.http.Text;

/**
 * The {@code regions} tag. Region data changes only with a migration, so serialized answers are
 * cached in Redis for a day; a Redis outage only means reading PostgreSQL.
 */
public final class RegionsApi implements ApiModule {

  private static final Duration TTL = Duration.ofDays(1);
  /** Cache namespace; bump the suffix when the response shape changes. */
  private static final String CACHE = "regions.v1";

  private final RegionRepository repository;
  private final CachedReads cache;

  public RegionsApi(Pool pool, CachedReads cache) {
    this.repository = new RegionRepository(pool);
    this.cache = cache;
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("listRegions").addHandler(this::listRegions);
    builder.getRoute("getRegion").addHandler(this::getRegion);
  }

  void listRegions(RoutingContext ctx) {
    Requests.Query query = Requests.query(ctx);
    String parent = query.string("parent");
    String level = query.string("level");
    cache.getOrLoad(CACHE, "list:" + parent + ":" + level, TTL,
            () -> repository.list(parent, level).map(items -> Json.encode(new RegionList().items(items))))
        .onSuccess(cached -> ETags.sendJson(ctx, cached.body(), cached.etag()))
        .onFailure(ctx::fail);
  }

  void getRegion(RoutingContext ctx) {
    ValidatedRequest req = Requests.validated(ctx);
    String code = req.getPathParameters().get("code").getString();
    detail(code)
        .onSuccess(cached -> {
          if (cached.isEmpty()) ctx.fail(Problem.notFound(Text.of("regions.not-found", code)));
          else ETags.sendJson(ctx, cached.body(), cached.etag());
        })
        .onFailure(ctx::fail);
  }

  /** A region as {@code GET /v1/regions/{code}} answers it, for other views of the directory (FHIR); empty when unknown. */
  public Future<java.util.Optional<io.vertx.core.buffer.Buffer>> region(String code) {
    return detail(code).map(cached -> cached.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(cached.body()));
  }

  private Future<org.healthportal.platform.cache.CachedValue> detail(String code) {
    return cache.getOrLoad(CACHE, "one:" + code, TTL, () -> loadDetail(code));
  }

  /** The region with its children, or "" when it does not exist (cached too, so misses stay cheap). */
  private Future<String> loadDetail(String code) {
    return repository.find(code).compose(found -> {
      if (found.isEmpty()) return Future.succeededFuture("");
      return repository.list(code, null).map(children -> {
        var r = found.get();
        return Json.encode(new RegionDetail().code(r.getCode()).parentCode(r.getParentCode())
            .level(r.getLevel())
            .nameZh(r.getNameZh()).nameEn(r.getNameEn()).children(children));
      });
    });
  }
}
