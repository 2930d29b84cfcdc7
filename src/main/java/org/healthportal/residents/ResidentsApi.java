package org.healthportal.residents;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.db.PgErrors;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.ProblemType;
import org.healthportal.platform.http.Requests;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.pii.Masking;
import org.healthportal.platform.pii.PiiCipher;

/**
 * The {@code residents} tag: the caller's profile and dependants. ID and phone numbers are checked,
 * encrypted and hashed here on the way in, and masked on the way out; plaintext never reaches the
 * database, a response or a log.
 */
public final class ResidentsApi implements ApiModule {

  private final ResidentRepository repository;
  private final PiiCipher pii;
  private final Clock clock;

  public ResidentsApi(Pool pool, PiiCipher pii, Clock clock) {
    this.repository = new ResidentRepository(pool);
    this.pii = pii;
    this.clock = clock;
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("getMyProfile").addHandler(this::getMyProfile);
    builder.getRoute("putMyProfile").addHandler(this::putMyProfile);
    builder.getRoute("listMyDependants").addHandler(this::listMyDependants);
    builder.getRoute("addDependant").addHandler(this::addDependant);
    builder.getRoute("removeDependant").addHandler(this::removeDependant);
  }

  void getMyProfile(RoutingContext ctx) {
    Caller caller = resident(ctx);
    repository.profile(caller.subject())
        .map(found -> found.orElseThrow(() -> Problem.notFound(Text.of("residents.no-profile"))))
        .onSuccess(p -> Json.send(ctx, 200, view(p)))
        .onFailure(ctx::fail);
  }

  void putMyProfile(RoutingContext ctx) {
    Caller caller = resident(ctx);
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    IdNumber id = idNumber(body);
    String phone = body.getString("phone");
    String region = body.getString("residenceRegion");
    List<String> conditions = strings(body.getJsonArray("conditions"));
    requireRegion(region)
        .compose(v -> repository.upsertProfile(caller.subject(), pii.encrypt(id.value()), pii.lookupHash(id.value()), id.birthDate(),
            id.sex(), phone == null ? null : pii.encrypt(phone), region, conditions))
        .recover(PgErrors.uniqueViolationAs(() -> Problem.of(ProblemType.ID_NUMBER_REGISTERED, "residents.id-number-registered")))
        .compose(v -> repository.profile(caller.subject()))
        .onSuccess(p -> Json.send(ctx, 200, view(p.orElseThrow())))
        .onFailure(ctx::fail);
  }

  void listMyDependants(RoutingContext ctx) {
    Caller caller = resident(ctx);
    repository.dependants(caller.subject())
        .onSuccess(list -> {
          JsonArray items = new JsonArray();
          list.forEach(d -> items.add(view(d)));
          Json.send(ctx, 200, new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  void addDependant(RoutingContext ctx) {
    Caller caller = resident(ctx);
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    IdNumber id = idNumber(body);
    String region = body.getString("residenceRegion");
    UUID dependantId = UUID.randomUUID();
    repository.profile(caller.subject())
        .compose(owner -> {
          if (owner.isEmpty()) {
            return Future.failedFuture(Problem.of(ProblemType.PROFILE_REQUIRED, "residents.profile-before-household"));
          }
          return requireRegion(region);
        })
        .compose(v -> repository.insertDependant(dependantId, caller.subject(), body.getString("name"), body.getString("relation"),
            pii.encrypt(id.value()), pii.lookupHash(id.value()), id.birthDate(), id.sex(), region, strings(body.getJsonArray("conditions"))))
        .recover(PgErrors.uniqueViolationAs(() -> Problem.of(ProblemType.DEPENDANT_EXISTS, "residents.dependant-exists")))
        .compose(v -> repository.dependant(caller.subject(), dependantId))
        .map(found -> found.orElseThrow())
        .onSuccess(d -> Json.send(ctx, 201, view(d)))
        .onFailure(ctx::fail);
  }

  void removeDependant(RoutingContext ctx) {
    Caller caller = resident(ctx);
    UUID id = Requests.uuidPathParam(ctx, "dependantId");
    repository.deleteDependant(caller.subject(), id)
        .onSuccess(deleted -> {
          if (deleted) ctx.response().setStatusCode(204).end();
          else ctx.fail(Problem.notFound(Text.of("residents.no-dependant", id)));
        })
        .onFailure(ctx::fail);
  }

  private static Caller resident(RoutingContext ctx) {
    return Caller.require(ctx).requireRole(Caller.Role.RESIDENT);
  }

  private IdNumber idNumber(JsonObject body) {
    try {
      return IdNumber.parse(body.getString("idNumber"), LocalDate.now(clock));
    } catch (IdNumber.InvalidIdNumber e) {
      throw Problem.invalidField("body", "/idNumber", Text.of("residents.id-number-invalid", e.reason()));
    }
  }

  private Future<Void> requireRegion(String code) {
    return repository.regionExists(code).compose(ok -> ok ? Future.succeededFuture()
        : Future.failedFuture(Problem.invalidField("body", "/residenceRegion", Text.of("residents.unknown-region", code))));
  }

  private JsonObject view(ResidentRepository.StoredPerson p) {
    JsonObject json = new JsonObject();
    if (p.dependantId() != null) json.put("id", p.dependantId().toString()).put("name", p.name()).put("relation", p.relation());
    json.put("idNumberMasked", Masking.idNumber(pii.decrypt(p.idNumberEnc())))
        .put("birthDate", p.birthDate().toString())
        .put("sex", p.sex())
        .put("age", Period.between(p.birthDate(), LocalDate.now(clock)).getYears())
        .put("residenceRegion", p.residenceRegion())
        .put("conditions", new JsonArray(p.conditions()));
    if (p.dependantId() == null) json.put("phoneMasked", p.phoneEnc() == null ? null : Masking.phone(pii.decrypt(p.phoneEnc())));
    return json;
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) array.forEach(v -> out.add((String) v));
    return out;
  }
}
