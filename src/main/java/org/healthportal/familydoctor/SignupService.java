package org.healthportal.familydoctor;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
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

  Future<JsonObject> create(Caller caller, JsonObject request) {
    UUID teamId = UUID.fromString(request.getString("teamId"));
    String dependant = request.getString("dependantId");
    UUID dependantId = dependant == null ? null : UUID.fromString(dependant);
    List<String> packages = request.getJsonArray("packages").stream().map(String::valueOf).toList();
    UUID id = UUID.randomUUID();
    return households.person(caller.subject(), dependantId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(dependantId == null
            ? Problem.of(ProblemType.PROFILE_REQUIRED, "familydoctor.profile-before-signup")
            : Problem.notFound(Text.of("residents.no-dependant", dependantId)));
      }
      Households.Person person = found.get();
      return checkedTeam(teamId, packages, person).compose(team -> {
        return signups.inTransaction(conn -> signups.takePlace(conn, teamId).compose(placed -> {
          if (!placed) {
            return Future.failedFuture(Problem.of(ProblemType.TEAM_FULL, "familydoctor.team-full"));
          }
          return signups.insert(conn, id, teamId, caller.subject(), dependantId, person.idNumberHash(), person.idNumberMasked(), packages,
                  request.getString("agreementVersion"))
              .compose(v -> signups.record(conn, id, caller.subject(), null, "PENDING", null));
        }));
      });
    })
        .recover(PgErrors.uniqueViolationAs(SignupService::alreadySignedUp))
        .compose(v -> signups.find(id)).map(s -> s.orElseThrow().view());
  }

  /** The team, after checking that it offers the packages and serves the person's area. */
  private Future<JsonObject> checkedTeam(UUID teamId, List<String> packages, Households.Person person) {
    return teams.find(teamId).map(team -> {
      JsonObject t = team.orElseThrow(() -> Problem.notFound(Text.of("problem.no-such-id", Text.of("noun.team"), teamId)));
      List<String> offered = t.getJsonArray("packages").stream().map(String::valueOf).toList();
      for (int i = 0; i < packages.size(); i++) {
        if (!offered.contains(packages.get(i))) {
          throw Problem.invalidField("body", "/packages/" + i, Text.of("familydoctor.package-not-offered", packages.get(i)));
        }
      }
      if (!t.getJsonArray("serviceArea").contains(person.residenceRegion()) && !t.getBoolean("acceptsOutOfArea")) {
        throw Problem.of(ProblemType.OUT_OF_SERVICE_AREA, "familydoctor.out-of-area", person.residenceRegion());
      }
      return t;
    });
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
    return signups.inTransaction(conn -> own(conn, caller, id).compose(s -> {
      return signups.transition(conn, id, "PENDING", "WITHDRAWN", null, false).compose(moved -> {
        if (!moved) throw notPending(id);
        return signups.releasePlace(conn, s.teamId()).compose(v -> signups.record(conn, id, caller.subject(), "PENDING", "WITHDRAWN", null));
      });
    })).compose(v -> signups.find(id)).map(s -> s.orElseThrow().view());
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
    return signups.inTransaction(conn -> signups.find(conn, id, x -> caller.canManageFacility(x.facilityId().toString())).compose(found -> {
      SignupRepository.Stored s = found.orElseThrow(() -> notFound(id));
      String to = accept ? "ACTIVE" : "REJECTED";
      return signups.transition(conn, id, "PENDING", to, reason, accept).compose(moved -> {
        if (!moved) throw notPending(id);
        Future<Void> place = accept ? Future.succeededFuture() : signups.releasePlace(conn, s.teamId());
        return place.compose(v -> signups.record(conn, id, caller.subject(), "PENDING", to, reason));
      });
    })).compose(v -> signups.find(id)).map(s -> s.orElseThrow().view());
  }

  /** Ends an active contract early (resident, with a reason). */
  Future<JsonObject> cancel(Caller caller, UUID id, String reason) {
    return signups.inTransaction(conn -> own(conn, caller, id).compose(s ->
        signups.transition(conn, id, "ACTIVE", "TERMINATED", reason, false).compose(moved -> {
          if (!moved) throw Problem.of(ProblemType.NOT_ACTIVE, "familydoctor.cancel-not-active");
          return signups.releasePlace(conn, s.teamId()).compose(v -> signups.record(conn, id, caller.subject(), "ACTIVE", "TERMINATED", reason));
        }))).compose(v -> signups.find(id)).map(s -> s.orElseThrow().view());
  }

  /** Inside the renewal window: the contract becomes RENEWED and the next term starts when it ends. */
  Future<JsonObject> renew(Caller caller, UUID id) {
    UUID next = UUID.randomUUID();
    return signups.inTransaction(conn -> own(conn, caller, id).compose(s -> {
      if (!"ACTIVE".equals(s.status())) throw Problem.of(ProblemType.NOT_ACTIVE, "familydoctor.renew-not-active");
      var opens = s.endsAt().minus(SignupRepository.RENEWAL_WINDOW);
      if (java.time.OffsetDateTime.now().isBefore(opens)) {
        throw Problem.of(ProblemType.OUTSIDE_RENEWAL_WINDOW, "familydoctor.renewal-opens", opens.toLocalDate());
      }
      return signups.transition(conn, id, "ACTIVE", "RENEWED", null, false).compose(moved -> {
        if (!moved) throw Problem.of(ProblemType.NOT_ACTIVE, "familydoctor.renew-not-active");
        return signups.insertRenewal(conn, next, s)
            .compose(v -> signups.record(conn, id, caller.subject(), "ACTIVE", "RENEWED", null))
            .compose(v -> signups.record(conn, next, caller.subject(), null, "ACTIVE", "renewal of " + id));
      });
    })).compose(v -> signups.find(next)).map(s -> s.orElseThrow().view());
  }

  /** Ends the current (pending or active) contract and signs with another team, atomically. */
  Future<JsonObject> changeTeam(Caller caller, UUID id, JsonObject request) {
    UUID teamId = UUID.fromString(request.getString("teamId"));
    UUID next = UUID.randomUUID();
    String reason = request.getString("reason", "changed team");
    return signups.find(id, x -> isOwner(caller, x)).compose(found -> {
      SignupRepository.Stored current = found.orElseThrow(() -> notFound(id));
      List<String> packages = request.containsKey("packages")
          ? request.getJsonArray("packages").stream().map(String::valueOf).toList() : current.packages();
      return households.person(caller.subject(), current.dependantId()).compose(person -> checkedTeam(teamId, packages,
          person.orElseThrow(() -> notFound(id))).compose(team -> signups.inTransaction(conn -> {
        String to = "ACTIVE".equals(current.status()) ? "TERMINATED" : "WITHDRAWN";
        return signups.transition(conn, id, current.status(), to, reason, false).compose(moved -> {
          if (!moved || !("ACTIVE".equals(current.status()) || "PENDING".equals(current.status()))) {
            throw Problem.of(ProblemType.NOT_OPEN, "familydoctor.change-not-open");
          }
          return signups.releasePlace(conn, current.teamId())
              .compose(v -> signups.record(conn, id, caller.subject(), current.status(), to, reason))
              .compose(v -> signups.takePlace(conn, teamId))
              .compose(placed -> {
                if (!placed) throw Problem.of(ProblemType.TEAM_FULL, "familydoctor.new-team-full");
                return signups.insert(conn, next, teamId, caller.subject(), current.dependantId(), current.personHash(), current.personMasked(),
                    packages, current.agreementVersion());
              })
              .compose(v -> signups.record(conn, next, caller.subject(), null, "PENDING", "moved from " + id));
        });
      })));
    }).recover(PgErrors.uniqueViolationAs(SignupService::alreadySignedUp))
        .compose(v -> signups.find(next)).map(s -> s.orElseThrow().view());
  }

  private static Problem alreadySignedUp() {
    return Problem.of(ProblemType.ALREADY_SIGNED_UP, "familydoctor.already-signed-up");
  }

  /** The caller's own contract; 404 for one of another account, as for one that does not exist. */
  private Future<SignupRepository.Stored> own(io.vertx.sqlclient.SqlConnection conn, Caller caller, UUID id) {
    return signups.find(conn, id, x -> isOwner(caller, x)).map(found -> found.orElseThrow(() -> notFound(id)));
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
