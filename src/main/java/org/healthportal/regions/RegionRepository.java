package org.healthportal.regions;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.healthportal.api.model.Region;
import org.healthportal.api.model.RegionLevel;

/** SQL for the region reference data. */
final class RegionRepository {

  private static final String COLUMNS = "code, parent_code, level, name_zh, name_en";

  private final Pool pool;

  RegionRepository(Pool pool) {
    this.pool = pool;
  }

  /** Regions filtered by parent and/or level (either may be null), ordered by code. */
  Future<List<Region>> list(String parentCode, String level) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM region"
            + " WHERE ($1::text IS NULL OR parent_code = $1) AND ($2::text IS NULL OR level = $2) ORDER BY code")
        .execute(Tuple.of(parentCode, level))
        .map(rows -> {
          List<Region> out = new ArrayList<>();
          rows.forEach(r -> out.add(toRegion(r)));
          return out;
        });
  }

  Future<Optional<Region>> find(String code) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM region WHERE code = $1")
        .execute(Tuple.of(code))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRegion(rows.iterator().next())));
  }

  private static Region toRegion(Row r) {
    return new Region()
        .code(r.getString("code"))
        .parentCode(r.getString("parent_code"))
        .level(RegionLevel.fromValue(r.getString("level")))
        .nameZh(r.getString("name_zh"))
        .nameEn(r.getString("name_en"));
  }
}
