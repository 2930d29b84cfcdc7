package org.healthportal.facilities;

import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.platform.search.PageCursor;

/** The parameters of a facility search, checked and in canonical form (for cache keys and cursors). */
record FacilitySearch(
    String region,
    List<String> kinds,
    String careLevel,
    Boolean hasVacancy,
    Integer maxMonthlyPrice,
    Boolean medicalInsurance,
    Boolean ltcInsurance,
    Integer minRating,
    String q,
    NearQuery near,
    Sort sort,
    int limit,
    String cursor) {

  /** Sort orders; each knows its direction and the type of its keyset value. */
  enum Sort {
    DISTANCE(false, PageCursor.ValueType.FLOAT),
    PRICE(false, PageCursor.ValueType.INT),
    RATING(true, PageCursor.ValueType.INT),
    FREE_BEDS(true, PageCursor.ValueType.INT),
    NAME(false, PageCursor.ValueType.TEXT);

    final boolean descending;
    final PageCursor.ValueType valueType;

    Sort(boolean descending, PageCursor.ValueType valueType) {
      this.descending = descending;
      this.valueType = valueType;
    }

    static Sort fromParameter(String value) {
      return "freeBeds".equals(value) ? FREE_BEDS : valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  static final int DEFAULT_LIMIT = 20;
  /** English words beyond this many add nothing but cost. */
  private static final int MAX_WORDS = 8;

  static FacilitySearch from(ValidatedRequest request) {
    Map<String, RequestParameter> query = request.getQuery();
    NearQuery near = NearQuery.parse(string(query, "near"), number(query, "radiusKm"));
    String sortParam = string(query, "sort");
    Sort sort = sortParam == null ? (near != null ? Sort.DISTANCE : Sort.NAME) : Sort.fromParameter(sortParam);
    if (sort == Sort.DISTANCE && near == null) {
      throw Problem.invalidField("query", "sort", "sort=distance needs near=lat,lng");
    }
    List<String> kinds = new ArrayList<>();
    RequestParameter kind = query.get("kind");
    if (kind != null && !kind.isNull()) kind.getJsonArray().forEach(k -> kinds.add((String) k));
    String q = string(query, "q");
    if (q != null) {
      q = q.strip();
      if (q.isEmpty()) throw Problem.invalidField("query", "q", "q must contain some text");
    }
    Integer limit = integer(query, "limit");
    return new FacilitySearch(string(query, "region"), List.copyOf(new TreeSet<>(kinds)), string(query, "careLevel"),
        bool(query, "hasVacancy"), integer(query, "maxMonthlyPrice"), bool(query, "medicalInsurance"), bool(query, "ltcInsurance"),
        integer(query, "minRating"), q, near, sort, limit == null ? DEFAULT_LIMIT : limit, string(query, "cursor"));
  }

  /** English words of {@code q}, lower-cased, at most {@link #MAX_WORDS}. */
  List<String> words() {
    if (q == null) return List.of();
    return java.util.Arrays.stream(q.toLowerCase(Locale.ROOT).split("\\s+")).filter(w -> !w.isEmpty()).limit(MAX_WORDS).toList();
  }

  /** Everything that selects and orders results, but not the page position or size. */
  String canonicalFilters() {
    return String.join("|", "r=" + region, "k=" + String.join(",", kinds), "c=" + careLevel, "v=" + hasVacancy,
        "p=" + maxMonthlyPrice, "mi=" + medicalInsurance, "li=" + ltcInsurance, "mr=" + minRating, "q=" + q,
        "n=" + (near == null ? "" : near.lat() + "," + near.lng() + "," + near.radiusMeters()), "s=" + sort);
  }

  String fingerprint() {
    return PageCursor.fingerprint(canonicalFilters());
  }

  /** The cache key of this page. */
  String cacheKey() {
    return "search:" + fingerprint() + ":" + limit + ":" + (cursor == null ? "" : cursor);
  }

  PageCursor decodedCursor() {
    return PageCursor.decode(cursor, fingerprint(), sort.valueType);
  }

  private static String string(Map<String, RequestParameter> q, String name) {
    RequestParameter p = q.get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  private static Integer integer(Map<String, RequestParameter> q, String name) {
    RequestParameter p = q.get(name);
    return p == null || p.isNull() ? null : p.getInteger();
  }

  private static Double number(Map<String, RequestParameter> q, String name) {
    RequestParameter p = q.get(name);
    return p == null || p.isNull() ? null : p.getDouble();
  }

  private static Boolean bool(Map<String, RequestParameter> q, String name) {
    RequestParameter p = q.get(name);
    return p == null || p.isNull() ? null : p.getBoolean();
  }
}
