package org.healthportal.platform.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Text;

/**
 * The authenticated caller, read from the verified access token.
 *
 * @param facilityIds the {@code facility_ids} claim: the only source of which facilities a staff
 *     member may manage
 * @param siteIds the {@code site_ids} claim: the same for health-tourism sites
 */
public record Caller(String subject, String username, String name, String clientId, Set<Role> roles, List<String> facilityIds,
    List<String> siteIds) {

  /** Realm roles the portal knows; other roles in the token are ignored. */
  public enum Role {
    RESIDENT, STAFF, ADMIN, PARTNER;

    public String claimValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The caller of an operation that requires a token (the router has already verified it). */
  public static Caller require(RoutingContext ctx) {
    User user = ctx.user();
    JsonObject token = user == null ? null : user.attributes().getJsonObject("accessToken");
    if (token == null) throw Problem.unauthorized(Text.of("problem.unauthorized"));
    return fromClaims(token);
  }

  static Caller fromClaims(JsonObject token) {
    Set<Role> roles = new LinkedHashSet<>();
    JsonObject realmAccess = token.getJsonObject("realm_access", new JsonObject());
    for (Object r : realmAccess.getJsonArray("roles", new JsonArray())) {
      for (Role role : Role.values()) {
        if (role.claimValue().equals(r)) roles.add(role);
      }
    }
    return new Caller(token.getString("sub"), token.getString("preferred_username"), token.getString("name"),
        token.getString("azp"), Set.copyOf(roles), idsClaim(token, "facility_ids"), idsClaim(token, "site_ids"));
  }

  /** A multivalued id claim; Keycloak sends a single value as a plain string. */
  private static List<String> idsClaim(JsonObject token, String name) {
    List<String> ids = new ArrayList<>();
    Object claim = token.getValue(name);
    if (claim instanceof JsonArray arr) arr.forEach(v -> ids.add(String.valueOf(v)));
    else if (claim instanceof String s && !s.isBlank()) ids.add(s);
    return List.copyOf(ids);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Fails with 403 unless the caller holds one of {@code anyOf}. */
  public Caller requireRole(Role... anyOf) {
    for (Role r : anyOf) {
      if (roles.contains(r)) return this;
    }
    throw Problem.forbidden(Text.of("problem.roles-needed",
        java.util.Arrays.stream(anyOf).map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList()));
  }

  /** Admins manage every facility; staff only those in their {@code facility_ids} claim. */
  public boolean canManageFacility(String facilityId) {
    return has(Role.ADMIN) || (has(Role.STAFF) && facilityIds.contains(facilityId));
  }

  /** Admins manage every tourism site; staff only those in their {@code site_ids} claim. */
  public boolean canManageSite(String siteId) {
    return has(Role.ADMIN) || (has(Role.STAFF) && siteIds.contains(siteId));
  }
}
