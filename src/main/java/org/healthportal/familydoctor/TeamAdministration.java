package org.healthportal.familydoctor;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.http.MergePatch;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.ProblemType;
import org.healthportal.platform.http.Text;
import org.healthportal.facilities.published.FacilityReferences;
import org.healthportal.regions.published.RegionCodes;

/** Admins create teams and change them: members, service area, cap and packages, with optimistic concurrency. */
final class TeamAdministration {

  private static final Pattern VERSION = Pattern.compile("^(?:W/)?\"v(\\d{1,9})\"$");

  private final Pool pool;
  private final TeamRepository teams;

  TeamAdministration(Pool pool, TeamRepository teams) {
    this.pool = pool;
    this.teams = teams;
  }

  static String etag(JsonObject team) {
    return "\"v" + team.getInteger("version") + "\"";
  }

  Future<JsonObject> create(Caller caller, JsonObject body) {
    caller.requireRole(Caller.Role.ADMIN);
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> checkReferences(conn, body)
        .compose(v -> conn.preparedQuery("INSERT INTO team (id, facility_id, name_zh, name_en, service_area, accepts_out_of_area,"
                + " panel_cap, packages, members) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .execute(Tuple.from(new Object[] {id, UUID.fromString(body.getString("facilityId")), body.getString("nameZh"), body.getString("nameEn"),
                strings(body.getJsonArray("serviceArea")), body.getBoolean("acceptsOutOfArea", false), body.getInteger("panelCap"),
                strings(body.getJsonArray("packages")), body.getJsonArray("members", new JsonArray())})))
        .compose(v -> teams.find(conn, id)).map(t -> t.orElseThrow()));
  }

  Future<JsonObject> update(Caller caller, UUID id, String ifMatch, JsonObject patch) {
    caller.requireRole(Caller.Role.ADMIN);
    if (ifMatch == null) {
      throw Problem.of(ProblemType.PRECONDITION_REQUIRED, "familydoctor.if-match-required");
    }
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT 1 FROM team WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
        .compose(locked -> teams.find(conn, id))
        .compose(found -> {
          JsonObject current = found.orElseThrow(() -> Problem.notFound(Text.of("problem.no-such-id", Text.of("noun.team"), id)));
          if (!matches(ifMatch, current.getInteger("version"))) {
            throw Problem.of(ProblemType.PRECONDITION_FAILED, "familydoctor.team-changed", etag(current));
          }
          JsonObject next = MergePatch.apply(current, patch);
          if (next.getInteger("panelCap") < current.getInteger("panelSize")) {
            throw Problem.of(ProblemType.CAP_BELOW_PANEL, "familydoctor.cap-below-panel", current.getInteger("panelSize"));
          }
          boolean changed = patch.fieldNames().stream().anyMatch(f -> !Objects.equals(current.getValue(f), next.getValue(f)));
          if (!changed) return Future.succeededFuture(current);
          return checkReferences(conn, next.copy().put("facilityId", current.getString("facilityId")))
              .compose(v -> conn.preparedQuery("UPDATE team SET name_zh = $2, name_en = $3, service_area = $4, accepts_out_of_area = $5,"
                      + " panel_cap = $6, packages = $7, members = $8, version = version + 1 WHERE id = $1")
                  .execute(Tuple.from(new Object[] {id, next.getString("nameZh"), next.getString("nameEn"), strings(next.getJsonArray("serviceArea")),
                      next.getBoolean("acceptsOutOfArea"), next.getInteger("panelCap"), strings(next.getJsonArray("packages")),
                      next.getJsonArray("members")})))
              .compose(v -> teams.find(conn, id)).map(t -> t.orElseThrow());
        }));
  }

  /** The facility, the regions and the packages a team names must exist. */
  private Future<Void> checkReferences(SqlClient conn, JsonObject team) {
    List<String> area = team.getJsonArray("serviceArea").stream().map(String::valueOf).toList();
    List<String> packages = team.getJsonArray("packages").stream().map(String::valueOf).toList();
    // The facility and the regions through their features' published reads; the three queries are pipelined on the connection.
    Future<Boolean> facility = FacilityReferences.exists(conn, UUID.fromString(team.getString("facilityId")));
    Future<Integer> regions = RegionCodes.countKnown(conn, area);
    Future<Integer> known = conn.preparedQuery("SELECT count(*)::int AS known FROM service_package WHERE code = ANY($1)")
        .execute(Tuple.tuple().addArrayOfString(packages.toArray(String[]::new))).map(rows -> rows.iterator().next().getInteger("known"));
    return Future.all(facility, regions, known).map(all -> {
      if (!facility.result()) throw Problem.invalidField("body", "/facilityId", Text.of("familydoctor.unknown-facility"));
      if (regions.result() != area.size()) throw Problem.invalidField("body", "/serviceArea", Text.of("familydoctor.unknown-area-region"));
      if (known.result() != packages.size()) throw Problem.invalidField("body", "/packages", Text.of("familydoctor.unknown-package"));
      return null;
    });
  }

  private static boolean matches(String ifMatch, int version) {
    for (String tag : ifMatch.split(",")) {
      Matcher m = VERSION.matcher(tag.trim());
      if (tag.trim().equals("*") || (m.matches() && Integer.parseInt(m.group(1)) == version)) return true;
    }
    return false;
  }

  private static String[] strings(JsonArray array) {
    return array.stream().map(String::valueOf).toArray(String[]::new);
  }
}
