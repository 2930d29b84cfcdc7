package org.healthportal.familydoctor;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The service packages (服务包) a contract can carry: the basic package and the personalised ones. */
final class ServicePackageRepository {

  private final Pool pool;

  ServicePackageRepository(Pool pool) {
    this.pool = pool;
  }

  /** Every package as the contract's {@code ServicePackage}, cheapest first (then by code, so the order is total). */
  Future<List<JsonObject>> all() {
    return pool.query("SELECT code, name_zh, name_en, yearly_fee, min_age, max_age, conditions, description"
            + " FROM service_package ORDER BY yearly_fee, code").execute()
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> out.add(view(r)));
          return out;
        });
  }

  private static JsonObject view(Row r) {
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
