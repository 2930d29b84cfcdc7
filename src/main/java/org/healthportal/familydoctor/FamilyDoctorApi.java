package org.healthportal.familydoctor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.db.ReadReplicas;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.http.ETags;
import org.healthportal.platform.search.index.LiveIndex;
import java.util.UUID;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Idempotency;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.metrics.Meters;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.search.NearQuery;
import org.healthportal.platform.search.PageCursor;
import org.healthportal.platform.search.PublicListings;
import org.healthportal.platform.sync.ListingSource;
import org.healthportal.platform.sync.RowListings;
import org.healthportal.platform.search.Pages;
import org.healthportal.residents.published.Households;
import org.healthportal.platform.http.ProblemType;
import org.healthportal.platform.http.Text;

/**
 * The {@code family-doctor} tag: packages, teams and the signup contract lifecycle.
 */
public final class FamilyDoctorApi implements ApiModule {


  private final Pool pool;
  private final TeamRepository teams;
  private final ServicePackageRepository servicePackages;
  private final SignupService signups;
  private final Idempotency idempotency;
  private final SignupRepository signupRepository;
  private final Households households;
  private final TeamAdministration administration;

  private final Meters metrics;
  private final CachedReads cache;
  private final LiveIndex<IndexedTeam> teamIndex;

  public FamilyDoctorApi(Vertx vertx, Pool pool, ReadReplicas reads, Households households, CachedReads cache, AppConfig config,
      Meters metrics) {
    this.pool = pool;
    this.cache = cache;
    this.teamIndex = new LiveIndex<>(vertx, reads, cache, new TeamIndex(), config.cache().searchIndexPoll(), config.cache().searchIndex(),
        metrics);
    this.metrics = metrics;
    this.households = households;
    this.administration = new TeamAdministration(pool, new TeamRepository(pool));
    this.teams = new TeamRepository(pool);
    this.servicePackages = new ServicePackageRepository(pool);
    this.signupRepository = new SignupRepository(pool);
    this.signups = new SignupService(signupRepository, teams, households);
    this.idempotency = new Idempotency(pool);
  }

  /** The in-memory team search index, to start and stop with the application. */
  public LiveIndex<?> searchIndex() {
    return teamIndex;
  }

  /**
   * Tells every instance that a team's listing changed: after the commit, before the answer, so the
   * next team search anywhere sees it. This instance refreshes its index at once.
   */
  private <T> Future<T> teamsChanged(T result) {
    return cache.invalidate(TeamIndex.NAMESPACE).map(v -> {
      teamIndex.changed();
      return result;
    });
  }

  /**
   * The same for a panel that changed through a signup, without the immediate refresh: at hundreds
   * of signups a second, one refresh after each was the costliest part of a signup. Searches stay
   * exact, since a search that finds the index behind the new generation waits for a refresh that
   * starts after it arrived; with no search, the index catches up at its next poll.
   */
  private <T> Future<T> panelsChanged(T result) {
    return cache.invalidate(TeamIndex.NAMESPACE).map(v -> result);
  }

  /** Teams for delta sync. */
  public ListingSource teamListings() {
    // As GET /v1/family-doctor/teams/{id} shows them.
    return new RowListings(pool, "team", "SELECT * FROM team WHERE id = ANY($1)", r -> {
      JsonObject team = TeamRepository.view(r);
      return new ListingSource.Listing(team.getInteger("version"), false, team);
    });
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("listServicePackages").addHandler(this::listServicePackages);
    builder.getRoute("listTeams").addHandler(this::listTeams);
    builder.getRoute("getTeam").addHandler(this::getTeam);
    builder.getRoute("listTeamSignups").addHandler(this::listTeamSignups);
    builder.getRoute("createSignup").addHandler(this::createSignup);
    builder.getRoute("getSignup").addHandler(this::getSignup);
    builder.getRoute("withdrawSignup").addHandler(this::withdrawSignup);
    builder.getRoute("decideSignup").addHandler(this::decideSignup);
    builder.getRoute("listMySignups").addHandler(this::listMySignups);
    builder.getRoute("cancelSignup").addHandler(this::cancelSignup);
    builder.getRoute("renewSignup").addHandler(this::renewSignup);
    builder.getRoute("changeTeam").addHandler(this::changeTeam);
    builder.getRoute("getEligibility").addHandler(this::getEligibility);
    builder.getRoute("createTeam").addHandler(this::createTeam);
    builder.getRoute("updateTeam").addHandler(this::updateTeam);
  }

  void createTeam(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    administration.create(caller, Requests.validated(ctx).getBody().getJsonObject())
        .compose(this::teamsChanged)
        .onSuccess(t -> {
          ctx.response().putHeader("ETag", TeamAdministration.etag(t)).putHeader("Location", "/v1/family-doctor/teams/" + t.getString("id"));
          Json.send(ctx, 201, t);
        })
        .onFailure(ctx::fail);
  }

  void updateTeam(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    administration.update(caller, Requests.uuidPathParam(ctx, "teamId"), ctx.request().getHeader("If-Match"),
            Requests.validated(ctx).getBody().getJsonObject())
        .compose(this::teamsChanged)
        .onSuccess(t -> {
          ctx.response().putHeader("ETag", TeamAdministration.etag(t));
          Json.send(ctx, 200, t);
        })
        .onFailure(ctx::fail);
  }

  void getEligibility(RoutingContext ctx) {
    Caller caller = Caller.require(ctx).requireRole(Caller.Role.RESIDENT);
    UUID dependantId = Requests.query(ctx).uuid("dependantId");
    households.person(caller.subject(), dependantId)
        .map(found -> found.orElseThrow(() -> dependantId == null
            ? Problem.of(ProblemType.PROFILE_REQUIRED, "familydoctor.profile-first")
            : Problem.notFound(Text.of("residents.no-dependant", dependantId))))
        .compose(person -> servicePackages.all().map(list -> Eligibility.evaluate(list, person.birthDate(), person.conditions(),
            java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")))))
        .onSuccess(result -> Json.send(ctx, 200, result))
        .onFailure(ctx::fail);
  }


  /** Marks active contracts past their term EXPIRED; run periodically, needs nobody to act. */
  public Future<Integer> expireDueContracts() {
    return signupRepository.expireDue().compose(n -> n > 0 ? panelsChanged(n) : Future.succeededFuture(n));
  }

  void cancelSignup(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    String reason = Requests.validated(ctx).getBody().getJsonObject().getString("reason");
    signups.cancel(caller, Requests.uuidPathParam(ctx, "signupId"), reason).compose(this::panelsChanged).onSuccess(s -> Json.send(ctx, 200, s)).onFailure(ctx::fail);
  }

  void renewSignup(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    signups.renew(caller, Requests.uuidPathParam(ctx, "signupId")).compose(this::panelsChanged).onSuccess(s -> Json.send(ctx, 201, s)).onFailure(ctx::fail);
  }

  void changeTeam(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    signups.changeTeam(caller, Requests.uuidPathParam(ctx, "signupId"), body)
        .compose(this::panelsChanged)
        .onSuccess(s -> Json.send(ctx, 201, s)).onFailure(ctx::fail);
  }

  void listTeams(RoutingContext ctx) {
    searchTeams(Requests.query(ctx))
        .onSuccess(body -> ETags.sendJson(ctx, body, ETags.ofBody(body)))
        .onFailure(ctx::fail);
  }

  private Future<Buffer> searchTeams(Requests.Query query) {
    String region = query.string("region");
    UUID facilityId = query.uuid("facility");
    String packageCode = query.string("package");
    Boolean hasCapacity = query.bool("hasCapacity");
    int limit = Pages.limit(query);
    NearQuery near = NearQuery.parse(query.string("near"), query.number("radiusKm"));
    String fingerprint = PageCursor.fingerprint("teams|" + region + "|" + facilityId + "|" + packageCode + "|" + hasCapacity + "|" + near);
    TeamRepository.TeamFilter filter = new TeamRepository.TeamFilter(region, facilityId, packageCode, hasCapacity, near, limit, null, fingerprint);
    PageCursor after = PageCursor.decode(query.string("cursor"), fingerprint, filter.sortType());
    TeamRepository.TeamFilter page = new TeamRepository.TeamFilter(region, facilityId, packageCode, hasCapacity, near, limit, after, fingerprint);
    return teamIndex.fresh()
        .compose(snapshot -> snapshot != null
            ? Future.succeededFuture(TeamIndex.page(snapshot, page))
            : teams.list(page).map(json -> Buffer.buffer(json.encode())));
  }

  /** The team search and teams exactly as this API answers them, for other views of the directory (FHIR). */
  public PublicListings publicTeams() {
    return PublicListings.of(this::searchTeams, id -> teams.find(id).map(found -> found.map(t -> Buffer.buffer(Json.encode(t)))));
  }

  void getTeam(RoutingContext ctx) {
    UUID id = Requests.uuidPathParam(ctx, "teamId");
    teams.find(id)
        .map(found -> found.orElseThrow(() -> Problem.notFound(Text.of("problem.no-such-id", Text.of("noun.team"), id))))
        .onSuccess(t -> {
          ctx.response().putHeader("ETag", TeamAdministration.etag(t));
          Json.send(ctx, 200, t);
        })
        .onFailure(ctx::fail);
  }

  void listTeamSignups(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    Requests.Query query = Requests.query(ctx);
    int limit = Pages.limit(query);
    signups.ofTeam(caller, Requests.uuidPathParam(ctx, "teamId"), query.string("status"), limit)
        .onSuccess(list -> Json.send(ctx, 200, new JsonObject().put("items", new JsonArray(list))))
        .onFailure(ctx::fail);
  }

  void createSignup(RoutingContext ctx) {
    Caller caller = Caller.require(ctx).requireRole(Caller.Role.RESIDENT);
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String key = ctx.request().getHeader("Idempotency-Key");
    // One connection, three round trips: BEGIN with the checks' two reads, the write, then the key with the
    // response and COMMIT. A refusal by the checks is the key's stored response, as any other.
    idempotency.once(caller.subject(), key, body, conn -> signups.check(conn, caller, body)
            .compose(contract -> signups.create(conn, contract)).map(s -> new Idempotency.Response(201, s.encode())))
        // A replay too: its client must not find an older team listing anywhere once answered.
        .compose(r -> r.status() == 201 ? panelsChanged(r) : Future.succeededFuture(r))
        .onComplete(this::countSignup)
        .onSuccess(r -> r.send(ctx))
        .onFailure(ctx::fail);
  }

  /** Signups by outcome ({@code created}, {@code team-full}, {@code already-signed-up}, ...); replays are not counted. */
  private void countSignup(AsyncResult<Idempotency.Response> result) {
    String outcome;
    if (result.failed()) {
      if (Idempotency.isReplayRefusal(result.cause())) return;
      outcome = result.cause() instanceof Problem problem ? slug(problem.type()) : "error";
    } else if (result.result().replayed()) {
      return;
    } else {
      Idempotency.Response response = result.result();
      outcome = response.status() < 400 ? "created" : slug(new JsonObject(response.body()).getString("type"));
    }
    metrics.count("hp.signups", "outcome", outcome).increment();
  }

  private static String slug(String problemType) {
    return problemType.substring(problemType.lastIndexOf('/') + 1);
  }

  void getSignup(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    signups.get(caller, Requests.uuidPathParam(ctx, "signupId")).onSuccess(s -> Json.send(ctx, 200, s)).onFailure(ctx::fail);
  }

  void withdrawSignup(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    signups.withdraw(caller, Requests.uuidPathParam(ctx, "signupId")).compose(this::panelsChanged).onSuccess(s -> Json.send(ctx, 200, s)).onFailure(ctx::fail);
  }

  void decideSignup(RoutingContext ctx) {
    Caller caller = Caller.require(ctx);
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    signups.decide(caller, Requests.uuidPathParam(ctx, "signupId"), body.getString("decision"), body.getString("reason"))
        .compose(this::panelsChanged)
        .onSuccess(s -> Json.send(ctx, 200, s)).onFailure(ctx::fail);
  }

  void listMySignups(RoutingContext ctx) {
    Caller caller = Caller.require(ctx).requireRole(Caller.Role.RESIDENT);
    signups.mine(caller).onSuccess(list -> Json.send(ctx, 200, new JsonObject().put("items", new JsonArray(list)))).onFailure(ctx::fail);
  }

  void listServicePackages(RoutingContext ctx) {
    servicePackages.all().onSuccess(list -> Json.send(ctx, 200, new JsonObject().put("items", new JsonArray(list)))).onFailure(ctx::fail);
  }
}
