package org.healthportal.regions.published;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Text;

/** What other features may ask of the region reference data. */
public final class RegionCodes {

  private RegionCodes() {}

  /** Whether {@code code} is a known region (inside the caller's transaction when given a connection). */
  public static Future<Boolean> exists(SqlClient client, String code) {
    return client.preparedQuery("SELECT 1 FROM region WHERE code = $1").execute(Tuple.of(code)).map(rows -> rows.size() > 0);
  }

  /**
   * SQL that holds when {@code column} is the region bound to {@code codeParam} or lies inside it
   * (a province or city includes everything under it, at most two levels down).
   */
  public static String within(String column, String codeParam) {
    return column + " IN (SELECT r.code FROM region r LEFT JOIN region p ON p.code = r.parent_code"
        + " WHERE r.code = " + codeParam + " OR r.parent_code = " + codeParam + " OR p.parent_code = " + codeParam + ")";
  }

  /** Fails with 400 naming the body field at {@code pointer} unless {@code code} is a known region. */
  public static Future<Void> require(SqlClient client, String code, String pointer) {
    return exists(client, code).map(known -> {
      if (!known) throw Problem.invalidField("body", pointer, Text.of("regions.unknown-code", code));
      return null;
    });
  }
}
