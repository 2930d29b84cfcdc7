package org.healthportal.familydoctor;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.db.PgErrors;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.ProblemType;
import org.healthportal.platform.http.Text;
import org.healthportal.residents.published.Households;

/**
 * The contract lifecycle. Capacity and "one open contract per person" are enforced by the database
 * (a conditional UPDATE of the team's panel count and a partial unique index), in the same
 * transaction as the contract, its history and its outbox event.
 */
final class SignupService {

  private final SignupRepository signups;
  private final TeamRepository teams;
  private final Households households;

  SignupService(SignupRepository signups, TeamRepository teams, Households households) {
    this.signups = signups;
    this.teams = teams;
    this.households = households;
  }

  /**
   * The checks of a signup: who signs (the caller or a dependant) and the team, which must offer the
   * packages and serve the person's area. They only read, through {@code client}: the connection of
   * the transaction that then writes ({@link #create}) and claims the request's idempotency key, so
   * both reads go with its BEGIN in one round trip.
   */
  Future<SignupRepository.Pending> check(SqlClient client, Caller caller, JsonObject request) {
    UUID teamId = UUID.fromString(request.getString("teamId"));
    String dependant = request.getString("dependantId");
    UUID dependantId = dependant == null ? null : UUID.fromString(dependant);
    List<String> packages = request.getJsonArray("packages").stream().map(String::valueOf).toList();
    return checked(client, caller, dependantId, teamId, packages, () -> dependantId == null
            ? Problem.of(ProblemType.PROFILE_REQUIRED, "familydoctor.profile-before-signup")
            : Problem.notFound(Text.of("residents.no-dependant", dependantId)))
        .map(person -> new SignupRepository.Pending(UUID.randomUUID(), teamId, caller.subject(), dependantId, person.idNumberHash(),
            person.idNumberMasked(), packages, request.getString("agreementVersion"), null));
  }

  /**
   * Creates the checked contract in the transaction of {@code conn}: 409 when the team is full or the
   * person already holds an open contract.
   */
  Future<JsonObject> create(io.vertx.sqlclient.SqlConnection conn, SignupRepository.Pending contract) {
    return signups.create(conn, contract)
        .map(created -> created.orElseThrow(() -> Problem.of(ProblemType.TEAM_FULL, "familydoctor.team-full")).view())
        .recover(PgErrors.uniqueViolationAs(SignupService::alreadySignedUp));
  }

  /**
   * The person the account signs for, once the team is checked for them; the two are read at the
   * same time, and judged in this order: the person ({@code noPerson}), then the team.
   */
  private Future<Households.Person> checked(SqlClient client, Caller caller, UUID dependantId, UUID teamId, List<String> packages,
      Supplier<Problem> noPerson) {
    Future<Optional<Households.Person>> person = households.person(client, caller.subject(), dependantId);
    Future<Optional<JsonObject>> team = teams.find(client, teamId);
    return Future.all(person, team).map(both -> {
      Households.Person found = person.result().orElseThrow(noPerson);
      checkTeam(team.result().orElseThrow(() -> Problem.notFound(Text.of("problem.no-such-id", Text.of("noun.team"), teamId))),
          packages, found);
      return found;
    });
  }

  /** Fails unless the team offers the packages and serves the person's area. */
  private static void checkTeam(JsonObject team, List<String> packages, Households.Person person) {
    List<String> offered = team.getJsonArray("packages").stream().map(String::valueOf).toList();
    for (int i = 0; i < packages.size(); i++) {
      if (!offered.contains(packages.get(i))) {
        throw Problem.invalidField("body", "/packages/" + i, Text.of("familydoctor.package-not-offered", packages.get(i)));
      }
    }
    if (!team.getJsonArray("serviceArea").contains(person.residenceRegion()) && !team.getBoolean("acceptsOutOfArea")) {
      throw Problem.of(ProblemType.OUT_OF_SERVICE_AREA, "familydoctor.out-of-area", person.residenceRegion());
    }
  }

  /** The contract, for the account that signed it, the team's staff and admins; 404 for anyone else. */
  Future<JsonObject> get(Caller caller, UUID id) {
    return signups.find(id, x -> canSee(caller, x)).map(found -> found.orElseThrow(() -> notFound(id)).view());
  }

  Future<List<JsonObject>> mine(Caller caller) {
    return signups.byOwner(caller.subject()).map(list -> list.stream().map(SignupRepository.Stored::view).toList());
  }

  Future<List<JsonObject>> ofTeam(Caller caller, UUID teamId, String status, int limit) {
    return teams.find(teamId).compose(team -> {
      JsonObject t = team.orElseThrow(() -> Problem.notFound(Text.of("problem.no-such-id", Text.of("noun.team"), teamId)));
      if (!caller.canManageFacility(t.getString("facilityId"))) {
        throw Problem.forbidden(Text.of("familydoctor.staff-see-signups"));
      }
      return signups.byTeam(teamId, status, limit).map(list -> list.stream().map(SignupRepository.Stored::view).toList());
    });
  }

  Future<JsonObject> withdraw(Caller caller, UUID id) {
    return own(caller, id).compose(s -> signups.move(id, "PENDING", "WITHDRAWN", null, caller.subject()))
        .map(moved -> moved.orElseThrow(() -> notPending(id)).view());
  }

  /**
   * Accepts or rejects a pending contract. Only staff and admins decide (403 for anyone else, before
   * the id is looked at); a contract of another facility's team is answered exactly as one that
   * does not exist (404), so staff cannot learn which contracts exist outside their scope.
   */
  Future<JsonObject> decide(Caller caller, UUID id, String decision, String reason) {
    caller.requireRole(Caller.Role.STAFF, Caller.Role.ADMIN);
    boolean accept = "accept".equals(decision);
    if (!accept && reason == null) throw Problem.invalidField("body", "/reason", Text.of("familydoctor.rejection-needs-reason"));
    return signups.row(id, x -> caller.canManageFacility(x.facilityId().toString()))
        .compose(found -> {
          if (found.isEmpty()) throw notFound(id);
          return signups.move(id, "PENDING", accept ? "ACTIVE" : "REJECTED", reason, caller.subject());
        })
        .map(moved -> moved.orElseThrow(() -> notPending(id)).view());
  }

  /** Ends an active contract early (resident, with a reason). */
  Future<JsonObject> cancel(Caller caller, UUID id, String reason) {
    return own(caller, id).compose(s -> signups.move(id, "ACTIVE", "TERMINATED", reason, caller.subject()))
        .map(moved -> moved.orElseThrow(() -> Problem.of(ProblemType.NOT_ACTIVE, "familydoctor.cancel-not-active")).view());
  }

  /** Inside the renewal window: the contract becomes RENEWED and the next term starts when it ends. */
  Future<JsonObject> renew(Caller caller, UUID id) {
    UUID next = UUID.randomUUID();
    return own(caller, id).compose(s -> {
      if (!"ACTIVE".equals(s.status())) throw Problem.of(ProblemType.NOT_ACTIVE, "familydoctor.renew-not-active");
      var opens = s.endsAt().minus(SignupRepository.RENEWAL_WINDOW);
      if (java.time.OffsetDateTime.now().isBefore(opens)) {
        throw Problem.of(ProblemType.OUTSIDE_RENEWAL_WINDOW, "familydoctor.renewal-opens", opens.toLocalDate());
      }
      // The contract's place on the team passes to the next term.
      return signups.inTransaction(conn -> signups.transition(conn, id, "ACTIVE", "RENEWED", null).compose(moved -> {
        if (!moved) throw Problem.of(ProblemType.NOT_ACTIVE, "familydoctor.renew-not-active");
        return signups.insertRenewal(conn, next, s)
            .compose(v -> signups.record(conn, id, caller.subject(), "ACTIVE", "RENEWED", null))
            .compose(v -> signups.record(conn, next, caller.subject(), null, "ACTIVE", "renewal of " + id));
      }));
    }).compose(v -> signups.find(next)).map(s -> s.orElseThrow().view());
  }

  /** Ends the current (pending or active) contract and signs with another team, atomically. */
  Future<JsonObject> changeTeam(Caller caller, UUID id, JsonObject request) {
    UUID teamId = UUID.fromString(request.getString("teamId"));
    String reason = request.getString("reason", "changed team");
    return own(caller, id).compose(current -> {
      List<String> packages = request.containsKey("packages")
          ? request.getJsonArray("packages").stream().map(String::valueOf).toList() : current.packages();
      SignupRepository.Pending next = new SignupRepository.Pending(UUID.randomUUID(), teamId, caller.subject(), current.dependantId(),
          current.personHash(), current.personMasked(), packages, current.agreementVersion(), "moved from " + id);
      // The checks read in the transaction that then moves the contract, as a signup's do.
      return signups.inTransaction(conn -> checked(conn, caller, current.dependantId(), teamId, packages, () -> notFound(id))
          .compose(person -> {
            boolean open = "ACTIVE".equals(current.status()) || "PENDING".equals(current.status());
            if (!open) throw notOpen();
            String to = "ACTIVE".equals(current.status()) ? "TERMINATED" : "WITHDRAWN";
            return signups.move(conn, id, current.status(), to, reason, caller.subject());
          })
          .compose(ended -> {
            if (ended.isEmpty()) throw notOpen();
            return signups.create(conn, next);
          })
          .map(created -> created.orElseThrow(() -> Problem.of(ProblemType.TEAM_FULL, "familydoctor.new-team-full")).view()));
    }).recover(PgErrors.uniqueViolationAs(SignupService::alreadySignedUp));
  }

  private static Problem notOpen() {
    return Problem.of(ProblemType.NOT_OPEN, "familydoctor.change-not-open");
  }

  private static Problem alreadySignedUp() {
    return Problem.of(ProblemType.ALREADY_SIGNED_UP, "familydoctor.already-signed-up");
  }

  /**
   * The caller's own contract, without its history; 404 for one of another account, as for one that
   * does not exist. Read before the change, which is conditional on the status it read.
   */
  private Future<SignupRepository.Stored> own(Caller caller, UUID id) {
    return signups.row(id, x -> isOwner(caller, x)).map(found -> found.orElseThrow(() -> notFound(id)));
  }

  private static boolean isOwner(Caller caller, SignupRepository.Stored s) {
    return s.ownerSubject().equals(caller.subject());
  }

  private static boolean canSee(Caller caller, SignupRepository.Stored s) {
    return isOwner(caller, s) || caller.canManageFacility(s.facilityId().toString());
  }

  /** The one answer for a contract that does not exist and for one outside the caller's scope. */
  private static Problem notFound(UUID id) {
    return Problem.notFound(Text.of("problem.no-such-id", Text.of("noun.signup"), id));
  }

  private static Problem notPending(UUID id) {
    return Problem.of(ProblemType.NOT_PENDING, "familydoctor.not-pending", id);
  }
}
