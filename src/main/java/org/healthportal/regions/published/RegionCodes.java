package org.healthportal.regions.published;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
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

  /** SQL that holds when {@code column} is the region bound to {@code codeParam} or directly under it (a district of a city). */
  public static String atOrDirectlyUnder(String column, String codeParam) {
    return column + " IN (SELECT r.code FROM region r WHERE r.code = " + codeParam + " OR r.parent_code = " + codeParam + ")";
  }

  /**
   * SQL for the known regions of the text array {@code arrayExpression} and their parents, as a
   * text array without duplicates (what an area of districts covers, its cities included).
   */
  public static String withParents(String arrayExpression) {
    return "ARRAY(SELECT DISTINCT x FROM unnest(" + arrayExpression + ") a JOIN region r ON r.code = a,"
        + " unnest(ARRAY[r.code, r.parent_code]) x WHERE x IS NOT NULL)";
  }

  /** How many distinct known regions {@code codes} names (a code given twice counts once). */
  public static Future<Integer> countKnown(SqlClient client, List<String> codes) {
    return client.preparedQuery("SELECT count(*)::int AS known FROM region WHERE code = ANY($1)")
        .execute(Tuple.tuple().addArrayOfString(codes.toArray(String[]::new)))
        .map(rows -> rows.iterator().next().getInteger("known"));
  }

  /** Fails with 400 naming the body field at {@code pointer} unless {@code code} is a known region. */
  public static Future<Void> require(SqlClient client, String code, String pointer) {
    return exists(client, code).map(known -> {
      if (!known) throw Problem.invalidField("body", pointer, Text.of("regions.unknown-code", code));
      return null;
    });
  }
}
