package org.healthportal.facilities.published;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * What another feature may ask of a facility it refers to by id (a family doctor team is based at
 * one): whether it exists, and where it is, as SQL to join, so a search over the other feature's
 * rows stays one query. The facility table is read here, not in the other feature's SQL.
 */
public final class FacilityReferences {

  private FacilityReferences() {}

  /**
   * A join of the facility whose id is in {@code facilityIdColumn}, as {@code alias}: its location is
   * then {@code alias.lat} and {@code alias.lng} ({@link #lat}, {@link #lng}).
   */
  public static String join(String facilityIdColumn, String alias) {
    return " JOIN facility " + alias + " ON " + alias + ".id = " + facilityIdColumn;
  }

  /** The latitude of the facility joined as {@code alias}. */
  public static String lat(String alias) {
    return alias + ".lat";
  }

  /** The longitude of the facility joined as {@code alias}. */
  public static String lng(String alias) {
    return alias + ".lng";
  }

  /** Whether a facility with this id exists, whatever its status (inside the caller's transaction when given a connection). */
  public static Future<Boolean> exists(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT 1 FROM facility WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }
}
