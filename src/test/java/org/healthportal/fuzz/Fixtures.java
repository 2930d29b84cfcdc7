package org.healthportal.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.healthportal.residents.IdNumbers;
import org.healthportal.support.Facilities;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.healthportal.support.TourismSites;

/**
 * The real things valid requests refer to, and who sends them. Reads use the demo data; anything a
 * request may change (facility, site, team, a resident's household and signups, webhooks) is created
 * here, so fuzzing never alters data other tests rely on. Listings are placed in the South Pacific,
 * far from every near-me search of the other tests, and are closed again at the end.
 */
final class Fixtures implements RequestGenerator.World {

  /** A resident of the fuzzer's own, so its profile, household and signups are nobody else's. */
  static final String RESIDENT = "fuzzresident";
  static final String PARTNER = "partner";

  private static final Set<String> CHANGES_FACILITY = Set.of("updateFacility", "reportBeds", "closeFacility");
  private static final Set<String> CHANGES_SITE = Set.of("updateTourismSite", "closeTourismSite");
  private static final Set<String> LISTING_BODIES = Set.of("createFacility", "updateFacility", "createTourismSite", "updateTourismSite");

  private final TestEnv env;
  private final Http http;
  final List<String> regions = new ArrayList<>();
  final List<String> packages = new ArrayList<>();
  final List<String> facilities = new ArrayList<>(List.of(Facilities.CARE_HOME_1, Facilities.HEALTH_CENTRE_2, Facilities.QINGDAO_3));
  /** Carries the fuzzer's teams; never changed by a request. */
  String stableFacility;
  /** Facilities requests may change (edit, report beds, close). */
  final List<String> ownFacilities = new ArrayList<>();
  final List<String> sites = new ArrayList<>(List.of(TourismSites.TAISHAN, TourismSites.LAOSHAN, TourismSites.DONGPING_LAKE));
  final List<String> ownSites = new ArrayList<>();
  final List<String> teams = new ArrayList<>();
  final List<String> ownTeams = new ArrayList<>();
  final List<String> dependants = new ArrayList<>();
  final List<String> signups = new ArrayList<>();
  final List<String> webhooks = new ArrayList<>();

  private final FuzzTarget target;

  private Fixtures(TestEnv env, FuzzTarget target) {
    this.env = env;
    this.target = target;
    this.http = target.http();
  }

  static Fixtures create(TestEnv env, FuzzTarget target) {
    Fixtures f = new Fixtures(env, target);
    f.setUp();
    return f;
  }

  private void setUp() {
    http.get("/v1/regions").json().getJsonArray("items").forEach(r -> regions.add(((JsonObject) r).getString("code")));
    http.get("/v1/family-doctor/packages").json().getJsonArray("items").forEach(p -> packages.add(((JsonObject) p).getString("code")));
    String admin = env.token("admin1");
    // The first facility carries the teams and is never changed; the others are the ones requests may change.
    for (int i = 0; i < 3; i++) {
      JsonObject body = Facilities.newCareHome("模糊测试养老院" + i, "Fuzz Care Home " + i, -45.1 - i * 0.1, -100.1)
          .put("careLevels", new JsonArray().add("self_care").add("partial_disability").add("full_disability").add("dementia"));
      String id = new Facilities(http).create(admin, body).getString("id");
      if (i == 0) stableFacility = id;
      else ownFacilities.add(id);
    }
    for (int i = 0; i < 2; i++) {
      Http.Response site = new TourismSites(http).create(admin, TourismSites.newSite("模糊测试温泉" + i, -45.3 - i * 0.1, -100.3));
      assertThat(site.status()).as(site.body()).isEqualTo(201);
      ownSites.add(site.json().getString("id"));
    }
    facilities.add(stableFacility);
    facilities.addAll(ownFacilities);
    sites.addAll(ownSites);
    teams.add(http.get("/v1/family-doctor/teams?facility=" + Facilities.HEALTH_CENTRE_2).json().getJsonArray("items").getJsonObject(0).getString("id"));
    // Team 0 takes the signups and team 2 is where they move (neither is changed); team 1 is the one
    // requests may change.
    for (int i = 0; i < 3; i++) {
      JsonObject team = new JsonObject().put("facilityId", stableFacility).put("nameZh", "模糊测试团队" + i)
          .put("serviceArea", new JsonArray(regions.subList(0, 20))).put("acceptsOutOfArea", true).put("panelCap", 100_000)
          .put("packages", new JsonArray(packages)).put("members", new JsonArray());
      ownTeams.add(idOf(http.send("POST", "/v1/family-doctor/teams", admin, "application/json", team.encode(), Map.of())));
    }
    teams.addAll(ownTeams);

    env.keycloakAdmin().ensureUser(RESIDENT, RESIDENT + "-pass", "resident");
    String resident = env.token(RESIDENT);
    Random random = new Random();
    if (http.get("/v1/me/profile", resident).status() == 404) {
      JsonObject profile = new JsonObject().put("idNumber", idNumber(random)).put("residenceRegion", "370102");
      assertThat(http.send("PUT", "/v1/me/profile", resident, "application/json", profile.encode(), Map.of()).status()).isEqualTo(200);
    }
    // A household with contracts in every state a request can act on: pending, active, and active
    // inside its renewal window (see signupsFor), and two members without one.
    for (int i = 0; i < 16; i++) {
      JsonObject dependant = new JsonObject().put("name", "模糊" + i).put("relation", "parent").put("idNumber", idNumber(random))
          .put("residenceRegion", "370102");
      dependants.add(idOf(http.send("POST", "/v1/me/dependants", resident, "application/json", dependant.encode(), Map.of())));
    }
    for (String dependant : dependants.subList(0, 14)) {
      JsonObject signup = new JsonObject().put("teamId", ownTeams.get(0)).put("dependantId", dependant)
          .put("packages", new JsonArray().add("basic")).put("agreementVersion", "2024-01");
      signups.add(idOf(http.send("POST", "/v1/family-doctor/signups", resident, "application/json", signup.encode(),
          Map.of("Idempotency-Key", UUID.randomUUID().toString()))));
    }
    for (String active : signups.subList(0, 4)) {
      Http.Response accepted = http.send("POST", "/v1/family-doctor/signups/" + active + "/decision", admin, "application/json",
          new JsonObject().put("decision", "accept").encode(), Map.of());
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }
    try (Connection c = target.database(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE signup SET ends_at = now() + interval '10 days' WHERE id IN ('" + signups.get(0) + "', '" + signups.get(1) + "')");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < 5; i++) {
      JsonObject hook = new JsonObject().put("url", "https://203.0.113." + (10 + i) + "/fuzz/setup").put("eventTypes", new JsonArray().add("facility.changed"));
      webhooks.add(idOf(http.send("POST", "/v1/webhooks", env.partnerToken(), "application/json", hook.encode(), Map.of())));
    }
  }

  private static String idOf(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  /** A valid ID number of a Beijing birth register (110105), which no other test uses. */
  static String idNumber(Random random) {
    return IdNumbers.valid("110105", LocalDate.of(1935 + random.nextInt(70), 1 + random.nextInt(12), 1 + random.nextInt(28)), random.nextInt(1000));
  }

  /** The bearer token of a principal. */
  String token(String principal) {
    return principal.equals(PARTNER) ? env.partnerToken() : env.token(principal);
  }

  @Override
  public String principal(String op, Random random) {
    List<String> fitting = switch (op) {
      case "getMe" -> List.of("resident1", "staff1", "admin1", PARTNER, RESIDENT);
      case "getMyProfile", "putMyProfile", "listMyDependants", "addDependant", "removeDependant", "getEligibility", "createSignup",
          "listMySignups", "withdrawSignup", "cancelSignup", "renewSignup", "changeTeam", "listMyNotifications",
          "getMyUnreadNotificationCount", "markNotificationRead", "markAllNotificationsRead", "streamMyNotifications",
          "getMyNotificationPreferences", "putMyNotificationPreferences", "createBedWatch", "listMyBedWatches", "deleteBedWatch"
          -> List.of(RESIDENT);
      case "getSignup" -> List.of(RESIDENT, "admin1");
      case "listTeamSignups", "getFacilityHistory", "getTourismSiteHistory" -> List.of("admin1", "staff1");
      case "listWebhooks", "createWebhook", "getWebhook", "deleteWebhook" -> List.of(PARTNER);
      default -> List.of("admin1");
    };
    // Now and then someone else (or nobody): the answer must then be a refusal, never a fault. Not
    // another resident where it would change that resident's own household: other tests rely on them.
    List<String> everyone = new ArrayList<>(fitting.equals(List.of(RESIDENT))
        ? List.of("staff1", "admin1", PARTNER) : List.of("resident1", "staff1", "admin1", PARTNER, RESIDENT));
    everyone.add(null);
    boolean secured = !Set.of("getLiveness", "getReadiness", "getContract", "getDocs", "listRegions", "getRegion", "listServicePackages",
        "listTeams", "getTeam", "listFacilities", "getFacility", "listTourismSites", "getTourismSite", "recommendTourismSites",
        "exportDataset", "listChanges").contains(op);
    if (!secured) return random.nextInt(10) == 0 ? everyone.get(random.nextInt(everyone.size())) : null;
    return random.nextInt(10) == 0 ? everyone.get(random.nextInt(everyone.size())) : fitting.get(random.nextInt(fitting.size()));
  }

  @Override
  public Object valueFor(String op, String name, JsonObject schema, Random random) {
    return switch (name) {
      case "facilityId" -> op.equals("createTeam") ? stableFacility : pick(random, CHANGES_FACILITY.contains(op) ? ownFacilities : facilities);
      case "facility" -> random.nextInt(4) == 0 ? null : pick(random, facilities);
      case "siteId" -> pick(random, CHANGES_SITE.contains(op) ? ownSites : sites);
      case "teamId" -> switch (op) {
        case "updateTeam" -> ownTeams.get(1);
        case "changeTeam" -> pick(random, List.of(teams.get(0), ownTeams.get(2)));
        case "createSignup" -> pick(random, List.of(teams.get(0), ownTeams.get(0), ownTeams.get(2)));
        default -> pick(random, teams);
      };
      case "signupId" -> pick(random, signupsFor(op));
      // Only members without a contract are removed, so the contracts stay for the other operations.
      case "dependantId" -> pick(random, op.equals("removeDependant") ? dependants.subList(14, 16) : dependants);
      case "webhookId" -> pick(random, webhooks);
      case "code", "regionCode", "region", "residenceRegion", "parent", "serviceArea[]" -> random.nextInt(10) == 0 ? null : pick(random, regions);
      case "idNumber" -> idNumber(random);
      case "packages[]", "package" -> pick(random, packages);
      case "location" -> LISTING_BODIES.contains(op)
          ? new JsonObject().put("lat", -44 - random.nextInt(100) / 100.0).put("lng", -101 + random.nextInt(100) / 100.0) : null;
      case "url" -> "https://203.0.113." + (1 + random.nextInt(254)) + "/fuzz/" + random.nextInt(1_000_000);
      case "near" -> random.nextInt(4) == 0 ? null
          : String.format(java.util.Locale.ROOT, "%.4f,%.4f", 35 + random.nextDouble() * 3, 115 + random.nextDouble() * 7);
      default -> null;
    };
  }

  /** Rules across fields that the schemas cannot express (each is a 400 of the service's own). */
  @Override
  public void fixUp(JsonObject o, Random random) {
    if (("distance".equals(o.getValue("sort")) || o.containsKey("radiusKm")) && !o.containsKey("near")) o.put("near", "36.6512,117.1201");
    if (o.containsKey("maxDistanceKm") && !o.containsKey("origin")) o.put("origin", new JsonObject().put("lat", 36.2).put("lng", 117.1));
    // A bed watch is for one facility or one search, never both; the search's fields go with near.
    if (o.containsKey("careLevel") && o.containsKey("days")) {
      if (o.containsKey("facilityId")) {
        for (String f : List.of("near", "radiusKm", "kinds", "maxMonthlyPrice", "medicalInsurance", "ltcInsurance")) o.remove(f);
      } else if (!o.containsKey("near")) {
        o.put("near", "36.6512,117.1201");
      }
    }
    if ("reject".equals(o.getValue("decision")) && !o.containsKey("reason")) o.put("reason", "outside the service area");
    if (o.getValue("openMonths") instanceof JsonArray open && o.getValue("bestMonths") instanceof JsonArray best) {
      best.getList().retainAll(open.getList());
    }
    if (o.getValue("minMonthly") instanceof Number min && o.getValue("maxMonthly") instanceof Number max && min.longValue() > max.longValue()) {
      o.put("minMonthly", max).put("maxMonthly", min);
    }
    if (o.getValue("free") instanceof Number free && o.getValue("total") instanceof Number total) {
      if (free.longValue() > total.longValue()) o.put("free", total);
      if (o.getValue("nursing") instanceof Number nursing && nursing.longValue() > total.longValue()) o.put("nursing", total);
    }
    if (o.getValue("beds") instanceof JsonArray beds) {
      Set<Object> seen = new LinkedHashSet<>();
      beds.getList().removeIf(b -> !seen.add(b instanceof Map<?, ?> m ? m.get("careLevel") : ((JsonObject) b).getValue("careLevel")));
      if (beds.isEmpty()) beds.add(new JsonObject().put("careLevel", "self_care").put("total", 10).put("free", 1));
    }
    if (o.getValue("prices") instanceof JsonArray prices) {
      Set<Object> levels = new LinkedHashSet<>();
      JsonArray careLevels = o.getJsonArray("careLevels", new JsonArray());
      careLevels.forEach(levels::add);
      prices.forEach(p -> levels.add(((JsonObject) p).getValue("careLevel")));
      o.put("careLevels", new JsonArray(new ArrayList<>(levels)));
    }
  }

  /**
   * The contracts an operation acts on, so that each finds some in the state it needs: 0-1 active and
   * renewable, 2-3 active, 4-13 pending (see setUp).
   */
  private List<String> signupsFor(String op) {
    return switch (op) {
      case "renewSignup" -> signups.subList(0, 2);
      case "cancelSignup" -> signups.subList(2, 4);
      case "decideSignup" -> signups.subList(4, 8);
      case "withdrawSignup" -> signups.subList(8, 11);
      case "changeTeam" -> signups.subList(11, 14);
      default -> signups;
    };
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  /** Records what a request created, so it is closed or deleted at the end. */
  void created(String operationId, Http.Response response) {
    if (response.status() != 201) return;
    String id = response.json().getString("id");
    synchronized (this) {
      switch (operationId) {
        case "createFacility" -> ownFacilities.add(id);
        case "createTourismSite" -> ownSites.add(id);
        case "createWebhook" -> webhooks.add(id);
        default -> { }
      }
    }
  }

  /** Closes every listing and deletes every webhook the run created. */
  synchronized void cleanUp() {
    String admin = env.token("admin1");
    http.send("POST", "/v1/facilities/" + stableFacility + "/close", admin, null, null, Map.of());
    for (String id : ownFacilities) http.send("POST", "/v1/facilities/" + id + "/close", admin, null, null, Map.of());
    for (String id : ownSites) http.send("POST", "/v1/tourism/sites/" + id + "/close", admin, null, null, Map.of());
    for (String id : webhooks) http.send("DELETE", "/v1/webhooks/" + id, env.partnerToken(), null, null, Map.of());
  }
}
