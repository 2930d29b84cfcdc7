package org.healthportal.identity;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.healthportal.api.model.Me;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Json;

/** The {@code identity} tag: who the caller is, as the portal sees them. */
public final class IdentityApi implements ApiModule {

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("getMe").addHandler(this::getMe);
  }

  /** Any portal role will do; an account with none (not yet assigned) is refused with 403. */
  void getMe(RoutingContext ctx) {
    Caller caller = Caller.require(ctx).requireRole(Caller.Role.values());
    Me me = new Me()
        .subject(caller.subject())
        .username(caller.username())
        .name(caller.name())
        .roles(caller.roles().stream().map(r -> Me.RolesEnum.fromValue(r.claimValue())).sorted().toList())
        .facilityIds(caller.facilityIds());
    Json.send(ctx, 200, me);
  }
}
