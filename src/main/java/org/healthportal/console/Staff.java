package org.healthportal.console;

import io.vertx.ext.web.RoutingContext;
import org.healthportal.console.signin.Tokens;
import org.healthportal.platform.auth.Caller;

/**
 * The signed-in staff member of a console request: who (from the verified access token, as the API
 * sees them), the session's CSRF token, and the tokens the console calls the API with.
 */
public record Staff(Caller caller, String csrfToken, Tokens tokens) {

  private static final String CONTEXT_KEY = "console.staff";

  public static Staff of(RoutingContext ctx) {
    Staff staff = ctx.get(CONTEXT_KEY);
    if (staff == null) throw new IllegalStateException("console route without the session handler");
    return staff;
  }

  /** The signed-in staff member, or null on the pages before sign-in. */
  public static Staff find(RoutingContext ctx) {
    return ctx.get(CONTEXT_KEY);
  }

  public void attach(RoutingContext ctx) {
    ctx.put(CONTEXT_KEY, this);
  }

  public boolean admin() {
    return caller.has(Caller.Role.ADMIN);
  }

  public String displayName() {
    return caller.name() != null ? caller.name() : caller.username();
  }
}
