package org.healthportal.facilities;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.healthportal.platform.search.NearQuery;

/** Prints the PostgreSQL plan of a typical uncached near-me search (for the benchmark). */
public final class SearchPlans {

  private SearchPlans() {}

  public static String explainNearMe(Vertx vertx, int pgPort, double lat, double lng, double radiusKm) {
    FacilitySearch search = new FacilitySearch(null, List.of(), "full_disability", true, null, null, null, null, null,
        new NearQuery(lat, lng, radiusKm * 1000), FacilitySearch.Sort.DISTANCE, 20, null);
    FacilitySearchSql query = FacilitySearchSql.build(search, null);
    Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setPort(pgPort).setHost("127.0.0.1")
        .setDatabase("postgres").setUser("postgres").setPassword("postgres")).using(vertx).build();
    try {
      StringBuilder plan = new StringBuilder();
      pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + query.sql).execute(query.params.tuple()).await()
          .forEach(r -> plan.append(r.getString(0)).append('\n'));
      return plan.toString();
    } finally {
      pool.close().await();
    }
  }
}
