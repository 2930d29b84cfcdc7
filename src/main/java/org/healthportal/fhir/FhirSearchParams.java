package org.healthportal.fhir;

import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.platform.search.TextQuery;

/**
 * The parameters of one FHIR search, checked: every failure is a 400 naming the parameter (the
 * router renders it as an OperationOutcome). Which parameters each resource type takes is
 * {@link SearchParameters}', which the CapabilityStatement publishes too.
 *
 * @param ids {@code _id} values (empty: any)
 * @param reference a reference parameter's id ({@code partof}, {@code organization}, {@code location}), by name
 * @param nothing a filter no published listing can meet ({@code status=inactive}, {@code active=false})
 * @param selfQuery the query string of the search as understood, for {@code Bundle.link}
 */
record FhirSearchParams(String resourceType, List<String> ids, TextQuery name, List<String> types, Map<String, String> reference,
    boolean nothing, NearQuery near, LastUpdated lastUpdated, int count, Set<String> includes, String page, String selfQuery) {

  static final int DEFAULT_COUNT = 20;
  static final int MAX_IDS = 100;

  static FhirSearchParams parse(String resourceType, Requests.Query query, MultiMap raw, String prefer) {
    Set<String> known = SearchParameters.names(resourceType);
    boolean strict = prefer != null && prefer.replace(" ", "").toLowerCase(Locale.ROOT).contains("handling=strict");
    for (String name : raw.names()) {
      if (name.contains(":") && known.contains(name.substring(0, name.indexOf(':')))) {
        throw Problem.invalidField("query", name, name + ": modifiers are not supported");
      }
      if (strict && !known.contains(name) && !SearchParameters.RESULT.contains(name)) {
        throw Problem.invalidField("query", name, name + " is not a search parameter of " + resourceType + " (Prefer: handling=strict)");
      }
    }
    List<String> ids = ids(query.string("_id"));
    List<String> types = new ArrayList<>();
    query.array("type").forEach(t -> types.addAll(tokens((String) t)));
    Map<String, String> reference = new java.util.TreeMap<>();
    for (String name : List.of("partof", "organization", "location")) {
      String value = query.string(name);
      if (value != null && known.contains(name)) reference.put(name, referenceId(name, value));
    }
    boolean nothing = false;
    String status = query.string("status");
    if (status != null) {
      if (!Set.of("active", "inactive", "suspended").contains(status)) throw Problem.invalidField("query", "status", "status must be active, inactive or suspended");
      nothing = !status.equals("active");
    }
    String active = query.string("active");
    if (active != null) {
      if (!active.equals("true") && !active.equals("false")) throw Problem.invalidField("query", "active", "active must be true or false");
      nothing = active.equals("false");
    }
    String nearText = query.string("near");
    NearQuery near = nearText == null ? null : FhirNear.parse(nearText);
    List<String> lastUpdated = new ArrayList<>();
    // A '+' of a time zone that a client did not percent-encode arrives as a space: it can only mean '+'.
    query.array("_lastUpdated").forEach(v -> lastUpdated.add(((String) v).replace(' ', '+')));
    Set<String> includes = new LinkedHashSet<>();
    query.array("_include").forEach(v -> {
      String include = (String) v;
      if (!SearchParameters.includes(resourceType).contains(include)) {
        throw Problem.invalidField("query", "_include", "_include " + include + " is not supported for " + resourceType
            + " (supported: " + String.join(", ", SearchParameters.includes(resourceType)) + ")");
      }
      includes.add(include);
    });
    if (!ids.isEmpty() && near != null) throw Problem.invalidField("query", "_id", "_id cannot be combined with near");
    Integer count = query.integer("_count");
    String name = query.string("name");
    return new FhirSearchParams(resourceType, ids, name == null ? null : TextQuery.parse(name), types, reference, nothing, near,
        LastUpdated.parse(lastUpdated), count == null ? DEFAULT_COUNT : count, includes, query.string("_page"), selfQuery(raw, known));
  }

  /** What selects and orders results (not the page size or position): a page token is bound to it. */
  String fingerprint() {
    return resourceType + "?" + selfQuery.replaceAll("(^|&)(_count|_page|_include)=[^&]*", "");
  }

  private static List<String> ids(String value) {
    if (value == null) return List.of();
    List<String> ids = new ArrayList<>();
    for (String id : value.split(",")) {
      if (!id.matches("[A-Za-z0-9\\-.]{1,64}")) throw Problem.invalidField("query", "_id", "_id: " + id + " is not a FHIR id");
      ids.add(id);
    }
    if (ids.size() > MAX_IDS) throw Problem.invalidField("query", "_id", "_id: at most " + MAX_IDS + " ids");
    return ids;
  }

  /** {@code system|code}, {@code |code} or {@code code}, comma-separated: the codes (our systems carry the API's values). */
  private static List<String> tokens(String value) {
    List<String> codes = new ArrayList<>();
    for (String token : value.split(",")) {
      String code = token.contains("|") ? token.substring(token.indexOf('|') + 1) : token;
      if (code.isEmpty()) throw Problem.invalidField("query", "type", "type: " + token + " has no code");
      codes.add(code);
    }
    return codes;
  }

  /** {@code Type/id} or a bare id; a region may be written by its code alone. */
  private static String referenceId(String name, String value) {
    String id = value.contains("/") ? value.substring(value.lastIndexOf('/') + 1) : value;
    if (!id.matches("[A-Za-z0-9\\-.]{1,64}")) throw Problem.invalidField("query", name, name + ": " + value + " is not a reference");
    return id;
  }

  /** The known parameters as sent, in a fixed order, without {@code _page} (a next link adds its own). */
  private static String selfQuery(MultiMap raw, Set<String> known) {
    StringBuilder out = new StringBuilder();
    List<String> names = new ArrayList<>(raw.names());
    names.sort(null);
    for (String name : names) {
      if ((!known.contains(name) && !SearchParameters.RESULT.contains(name)) || name.equals("_page")) continue;
      for (String value : raw.getAll(name)) {
        if (out.length() > 0) out.append('&');
        out.append(encode(name)).append('=').append(encode(value));
      }
    }
    return out.toString();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",").replace("%3A", ":").replace("%2F", "/");
  }
}
