package org.healthportal.familydoctor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Json;

/**
 * The {@code family-doctor} tag. So far: the service packages. Teams and signups are the next step
 * (see the project notes).
 */
public final class FamilyDoctorApi implements ApiModule {

  private final Pool pool;

  public FamilyDoctorApi(Pool pool) {
    this.pool = pool;
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("listServicePackages").addHandler(this::listServicePackages);
  }

  void listServicePackages(RoutingContext ctx) {
    pool.query("SELECT * FROM service_package ORDER BY yearly_fee, code").execute()
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(toJson(r)));
          Json.send(ctx, 200, new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("code", r.getString("code"))
        .put("nameZh", r.getString("name_zh"))
        .put("nameEn", r.getString("name_en"))
        .put("yearlyFee", r.getInteger("yearly_fee"))
        .put("minAge", r.getInteger("min_age"))
        .put("maxAge", r.getInteger("max_age"))
        .put("conditions", new JsonArray(Arrays.asList(r.getArrayOfStrings("conditions"))))
        .put("description", r.getString("description"));
  }
}
