package org.healthportal.regions.published;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** What other features may ask of the region reference data. */
public final class RegionCodes {

  private RegionCodes() {}

  /** Whether {@code code} is a known region (inside the caller's transaction when given a connection). */
  public static Future<Boolean> exists(SqlClient client, String code) {
    return client.preparedQuery("SELECT 1 FROM region WHERE code = $1").execute(Tuple.of(code)).map(rows -> rows.size() > 0);
  }
}
