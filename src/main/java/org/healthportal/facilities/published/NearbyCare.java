package org.healthportal.facilities.published;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.healthportal.api.model.FacilityKind;
import org.healthportal.api.model.Location;
import org.healthportal.platform.search.Locations;
import org.healthportal.api.model.NearbyFacility;
import org.healthportal.api.model.NearestCare;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.http.Json;

/**
 * The active facilities nearest a point, for other features (a tourism site's page, trip
 * recommendations). Answers come from a nearest-neighbour scan of the facility location index and
 * are cached in the directory's own cache namespace, so every facility change (open, close, move)
 * invalidates them exactly like a search.
 */
public final class NearbyCare {

  /** The facility directory's cache namespace; bump the suffix when a cached shape changes. */
  public static final String CACHE_NAMESPACE = "facilities.v1";

  /** Kinds that count as hospitals for travellers. */
  public static final List<FacilityKind> HOSPITAL_KINDS = List.of(FacilityKind.GENERAL_HOSPITAL, FacilityKind.TOWNSHIP_HOSPITAL,
      FacilityKind.GERIATRIC_HOSPITAL, FacilityKind.REHABILITATION_HOSPITAL);
  public static final List<FacilityKind> COMMUNITY_HEALTH_KINDS = List.of(FacilityKind.COMMUNITY_HEALTH_CENTRE,
      FacilityKind.COMMUNITY_HEALTH_STATION);
  static final int PER_GROUP = 3;

  private static final String POINT = "ll_to_earth($1, $2)";
  private static final String NEAREST = " FROM facility f WHERE f.status = 'active' AND %s"
      + " ORDER BY ll_to_earth(f.lat, f.lng) <-> " + POINT + " LIMIT %d";

  private final Pool pool;
  private final CachedReads cache;
  private final Duration ttl;

  public NearbyCare(Pool pool, CachedReads cache, Duration ttl) {
    this.pool = pool;
    this.cache = cache;
    this.ttl = ttl;
  }

  /** The nearest hospitals, community health facilities and emergency facility around a point. */
  public Future<NearestCare> around(double lat, double lng) {
    return cache.getOrLoad(CACHE_NAMESPACE, "nearby-care:" + lat + "," + lng, ttl, () -> load(lat, lng).map(Json::encode))
        .map(cached -> Json.decode(cached.json(), NearestCare.class));
  }

  private Future<NearestCare> load(double lat, double lng) {
    // The cube distance operator orders by straight-line (chord) distance, which orders exactly as
    // the great-circle distance does; the reported distance is the great-circle one.
    String columns = "SELECT %s AS grp, f.id, f.kind, f.name_zh, f.name_en, f.phone, f.lat, f.lng, f.emergency,"
        + " earth_distance(" + POINT + ", ll_to_earth(f.lat, f.lng)) AS distance";
    String sql = "(" + String.format(columns, "'hospital'") + String.format(NEAREST, "f.kind = ANY($3)", PER_GROUP) + ")"
        + " UNION ALL (" + String.format(columns, "'community'") + String.format(NEAREST, "f.kind = ANY($4)", PER_GROUP) + ")"
        + " UNION ALL (" + String.format(columns, "'emergency'") + String.format(NEAREST, "f.emergency", 1) + ")"
        + " ORDER BY grp, distance, id";
    return pool.preparedQuery(sql).execute(Tuple.of(lat, lng, kindNames(HOSPITAL_KINDS), kindNames(COMMUNITY_HEALTH_KINDS)))
        .map(rows -> {
          NearestCare care = new NearestCare().hospitals(new ArrayList<>()).communityHealth(new ArrayList<>());
          for (Row r : rows) {
            NearbyFacility f = nearby(r);
            switch (r.getString("grp")) {
              case "hospital" -> care.getHospitals().add(f);
              case "community" -> care.getCommunityHealth().add(f);
              default -> care.setEmergency(f);
            }
          }
          return care;
        });
  }

  /** For each point, the distance in metres to the nearest active hospital (null when there is none). */
  public Future<List<Double>> nearestHospitalDistances(List<Location> points) {
    if (points.isEmpty()) return Future.succeededFuture(List.of());
    Double[] lats = points.stream().map(p -> p.getLat().doubleValue()).toArray(Double[]::new);
    Double[] lngs = points.stream().map(p -> p.getLng().doubleValue()).toArray(Double[]::new);
    String sql = "SELECT p.ord, (SELECT earth_distance(ll_to_earth(p.lat, p.lng), ll_to_earth(f.lat, f.lng)) FROM facility f"
        + " WHERE f.status = 'active' AND f.kind = ANY($3) ORDER BY ll_to_earth(f.lat, f.lng) <-> ll_to_earth(p.lat, p.lng) LIMIT 1)"
        + " AS distance FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lat, lng, ord) ORDER BY p.ord";
    return pool.preparedQuery(sql).execute(Tuple.of(lats, lngs, kindNames(HOSPITAL_KINDS))).map(rows -> {
      List<Double> distances = new ArrayList<>();
      for (Row r : rows) distances.add(r.getDouble("distance"));
      return distances;
    });
  }

  private static NearbyFacility nearby(Row r) {
    return new NearbyFacility()
        .id(r.getUUID("id"))
        .kind(FacilityKind.fromValue(r.getString("kind")))
        .nameZh(r.getString("name_zh"))
        .nameEn(r.getString("name_en"))
        .phone(r.getString("phone"))
        .location(Locations.fromRow(r))
        .emergency(r.getBoolean("emergency"))
        .distanceMeters(Locations.meters(r.getDouble("distance")));
  }

  private static String[] kindNames(List<FacilityKind> kinds) {
    return kinds.stream().map(k -> k.toString().toLowerCase(Locale.ROOT)).toArray(String[]::new);
  }
}
