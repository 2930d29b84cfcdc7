package org.healthportal.fhir;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.healthportal.platform.search.PublicListings;
import org.healthportal.platform.search.TextQuery;

/**
 * The published directory as FHIR sees it: which listings stand behind each resource type, how a
 * FHIR search becomes each feature's own search, and reads by id.
 */
final class Directory {

  /** A listing as the API has it, and as a FHIR resource. */
  record Found(JsonObject listing, JsonObject resource) {}

  /** Looks a resource up by its FHIR id; null when there is none. */
  interface Finder {
    Future<Found> find(String id);
  }

  /** The kinds the contract knows: a code outside them matches nothing (and must not reach a search as a kind). */
  private static final Set<String> FACILITY_KINDS = codes(org.healthportal.api.model.FacilityKind.values());
  private static final Set<String> TOURISM_KINDS = codes(org.healthportal.api.model.TourismKind.values());

  private final PublicListings facilities;
  private final PublicListings sites;
  private final PublicListings teams;
  private final Function<String, Future<Optional<Buffer>>> regions;

  Directory(PublicListings facilities, PublicListings sites, PublicListings teams, Function<String, Future<Optional<Buffer>>> regions) {
    this.facilities = facilities;
    this.sites = sites;
    this.teams = teams;
    this.regions = regions;
  }

  Finder finder(String resourceType) {
    return switch (resourceType) {
      case "Location" -> id -> id.startsWith(LocationResource.REGION_PREFIX)
          ? byCode(id.substring(LocationResource.REGION_PREFIX.length()))
          : first(id, listing(facilities, LocationResource::facility), listing(sites, LocationResource::site));
      case "Organization" -> id -> first(id, listing(facilities, OrganizationResource::facility), listing(teams, OrganizationResource::team));
      default -> id -> first(id, listing(facilities, HealthcareServiceResource::facility), listing(teams, HealthcareServiceResource::team));
    };
  }

  /** The sources of a search, in a fixed order (page tokens hold one cursor per source). */
  List<Source> sources(FhirSearchParams p) {
    if (p.nothing()) return List.of();
    Predicate<JsonObject> keep = keep(p);
    Map<String, String> ref = p.reference();
    return switch (p.resourceType()) {
      case "Location" -> {
        if (!p.ids().isEmpty() || ref.containsKey("organization")) {
          yield List.of(new IdSource(ids(p, "organization"), finder("Location"), keep(p)));
        }
        List<String> facilityKinds = kinds(p.types(), false);
        List<String> siteKinds = kinds(p.types(), true);
        List<Source> out = new ArrayList<>();
        if (p.types().isEmpty() || !facilityKinds.isEmpty()) {
          out.add(new ApiSource(facilities, apiQuery(p, facilityKinds, ref.get("partof")), p.near() != null, false, LocationResource::facility, keep, filters(p)));
        }
        if (p.types().isEmpty() || !siteKinds.isEmpty()) {
          out.add(new ApiSource(sites, apiQuery(p, siteKinds, ref.get("partof")), p.near() != null, false, LocationResource::site, keep, filters(p)));
        }
        yield out;
      }
      case "Organization" -> {
        if (!p.ids().isEmpty()) yield List.of(new IdSource(p.ids(), finder("Organization"), keep(p)));
        List<Source> out = new ArrayList<>();
        List<String> kinds = kinds(p.types(), false);
        boolean anyFacility = p.types().isEmpty() || p.types().contains("prov") || !kinds.isEmpty();
        if (anyFacility && !ref.containsKey("partof")) {
          out.add(new ApiSource(facilities, apiQuery(p, p.types().contains("prov") ? List.of() : kinds, null), false, false,
              OrganizationResource::facility, keep, filters(p)));
        }
        if (teams(p, FhirCodes.TEAM)) out.add(teamSource(p, ref.get("partof"), OrganizationResource::team));
        yield out;
      }
      default -> {
        if (!p.ids().isEmpty() || ref.containsKey("organization")) {
          yield List.of(new IdSource(ids(p, "organization"), finder("HealthcareService"), keep(p)));
        }
        List<Source> out = new ArrayList<>();
        List<String> kinds = kinds(p.types(), false);
        String location = ref.get("location");
        if (location != null) {
          // The facility's own service has the facility's id; its teams' services are found by their facility.
          out.add(new IdSource(List.of(location), listing(facilities, HealthcareServiceResource::facility), keep(p)));
        } else if (p.types().isEmpty() || !kinds.isEmpty()) {
          out.add(new ApiSource(facilities, apiQuery(p, kinds, null), false, false, HealthcareServiceResource::facility, keep, filters(p)));
        }
        if (teams(p, FhirCodes.FAMILY_DOCTOR)) out.add(teamSource(p, location, HealthcareServiceResource::team));
        yield out;
      }
    };
  }

  /**
   * Whether teams can match: the type asks for them (or for nothing in particular), and no change
   * time is asked for, which teams do not have (reading them all would find none).
   */
  private static boolean teams(FhirSearchParams p, String typeCode) {
    return p.lastUpdated() == null && (p.types().isEmpty() || p.types().contains(typeCode));
  }

  /** Teams: their search filters by facility; a name is matched here, by the API's own text rule. */
  private Source teamSource(FhirSearchParams p, String facility, Function<JsonObject, JsonObject> toResource) {
    Predicate<JsonObject> keep = keep(p);
    // An id that is no UUID names no facility, so no team.
    if (facility != null && !facility.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) return new IdSource(List.of(), null, keep);
    Map<String, Object> query = new HashMap<>();
    if (facility != null) query.put("facility", facility);
    if (p.name() != null) {
      TextQuery.InMemory match = p.name().inMemory();
      Predicate<JsonObject> byName = team -> match.test(new String[] {team.getString("name")},
          new String[] {TextQuery.lowerCase(englishName(team))});
      keep = keep.and(byName);
    }
    return new ApiSource(teams, query, false, true, toResource, keep, filters(p) || p.name() != null);
  }

  private static String englishName(JsonObject resource) {
    JsonArray alias = resource.getJsonArray("alias");
    return alias != null ? alias.getString(0) : resource.getString("comment");
  }

  /** The API's query for a facility or site search. */
  private static Map<String, Object> apiQuery(FhirSearchParams p, List<String> kinds, String partof) {
    Map<String, Object> query = new HashMap<>();
    if (p.name() != null) query.put("q", p.name().text());
    if (!kinds.isEmpty()) query.put("kind", new JsonArray(new ArrayList<>(new java.util.TreeSet<>(kinds))));
    if (partof != null) {
      String region = partof.startsWith(LocationResource.REGION_PREFIX) ? partof.substring(LocationResource.REGION_PREFIX.length()) : partof;
      if (!region.matches("[0-9]{6}")) {
        throw org.healthportal.platform.http.Problem.invalidField("query", "partof", "partof must be a region, Location/region-<6-digit code>");
      }
      query.put("region", region);
    }
    if (p.near() != null) {
      query.put("near", p.near().lat() + "," + p.near().lng());
      query.put("radiusKm", p.near().radiusMeters() / 1000);
    }
    return query;
  }

  /** The kinds among the type codes that belong to facilities ({@code tourism} false) or to sites. */
  private static List<String> kinds(List<String> types, boolean tourism) {
    return types.stream().filter(tourism ? TOURISM_KINDS::contains : FACILITY_KINDS::contains).toList();
  }

  private static Set<String> codes(Enum<?>[] values) {
    return java.util.Arrays.stream(values).map(Object::toString).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  private static List<String> ids(FhirSearchParams p, String reference) {
    List<String> ids = new ArrayList<>(p.ids());
    String id = p.reference().get(reference);
    if (id != null) {
      if (!ids.isEmpty()) ids.retainAll(List.of(id));
      else ids.add(id);
    }
    return ids;
  }

  /** Whether {@link #keep} drops items after reading. */
  private static boolean filters(FhirSearchParams p) {
    return p.lastUpdated() != null;
  }

  /** What no feature's own search decides: the change time. */
  private static Predicate<JsonObject> keep(FhirSearchParams p) {
    Predicate<JsonObject> keep = r -> true;
    if (p.lastUpdated() != null) {
      keep = keep.and(r -> p.lastUpdated().test(r.getJsonObject("meta", new JsonObject()).getString("lastUpdated")));
    }
    return keep;
  }

  private Future<Found> first(String id, Finder... finders) {
    Future<Found> result = Future.succeededFuture(null);
    for (Finder f : finders) result = result.compose(found -> found != null ? Future.succeededFuture(found) : f.find(id));
    return result;
  }

  private static Finder listing(PublicListings listings, Function<JsonObject, JsonObject> toResource) {
    return id -> {
      UUID uuid;
      try {
        if (id.length() != 36) return Future.succeededFuture(null);
        uuid = UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        return Future.succeededFuture(null);
      }
      return listings.get(uuid).map(found -> found.map(b -> {
        JsonObject listing = b.toJsonObject();
        return new Found(listing, toResource.apply(listing));
      }).orElse(null));
    };
  }

  private Future<Found> byCode(String code) {
    if (!code.matches("[0-9]{6}")) return Future.succeededFuture(null);
    return regions.apply(code).map(found -> found.map(b -> {
      JsonObject region = b.toJsonObject();
      return new Found(region, LocationResource.region(region));
    }).orElse(null));
  }
}
