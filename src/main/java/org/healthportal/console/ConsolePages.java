package org.healthportal.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the console's precompiled templates ({@code src/main/jte/console}) and answers with the
 * headers every console page carries: its own Content-Security-Policy (scripts and styles only
 * from this origin, nothing inline; forms may post here and, for sign-out, to the realm), no
 * caching, and the page's language.
 */
public final class ConsolePages {

  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private final String policy;

  /** @param realmOrigin the Keycloak origin that sign-out forms lead to */
  public ConsolePages(String realmOrigin) {
    this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
        + " form-action 'self' " + realmOrigin + "; frame-ancestors 'none'; base-uri 'none'";
  }

  /** A frame for this request: title key, the signed-in staff member if any. */
  public Frame frame(RoutingContext ctx, String titleKey, Object... args) {
    Texts texts = new Texts(ConsoleLang.of(ctx));
    Staff staff = Staff.find(ctx);
    String path = ctx.request().path();
    String query = ctx.request().query();
    return new Frame(texts, texts.t(titleKey, args), staff, query == null ? path : path + "?" + query);
  }

  /** Renders {@code template} ({@code console/<name>.jte}) with {@code frame} and {@code params}. */
  public void render(RoutingContext ctx, int status, String template, Frame frame, Map<String, Object> params) {
    Map<String, Object> all = new HashMap<>(params);
    all.put("f", frame);
    StringOutput out = new StringOutput();
    ENGINE.render("console/" + template + ".jte", all, out);
    headers(ctx).setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Language", frame.lang()).end(out.toString());
  }

  /**
   * After a form: back to a page with GET (303). Under htmx, which follows redirects itself, the same
   * answer works; {@code HX-Redirect} is only for leaving the console (sign-in), see {@link #leave}.
   */
  public void seeOther(RoutingContext ctx, String location) {
    headers(ctx).setStatusCode(303).putHeader("Location", location).end();
  }

  /** A full navigation elsewhere, also from an htmx request (whose XHR must not follow a cross-origin redirect). */
  public void leave(RoutingContext ctx, String location) {
    if ("true".equals(ctx.request().getHeader("HX-Request"))) {
      headers(ctx).setStatusCode(200).putHeader("HX-Redirect", location).end();
    } else {
      headers(ctx).setStatusCode(303).putHeader("Location", location).end();
    }
  }

  /**
   * The id of the listing the path names ({@code :id}) when the signed-in staff member manages it.
   * Otherwise answers not-found (as the API does for another's object) and returns null. Listings
   * are public to read, so every page checks the claims itself before showing a staff view.
   */
  public String managedListing(RoutingContext ctx, Listing listing) {
    String id = ctx.pathParam("id");
    if (listing.managedBy(Staff.of(ctx).caller(), id)) return id;
    notFound(ctx);
    return null;
  }

  /** The page for what is not there, or not this staff member's to see (the same answer, as in the API). */
  public void notFound(RoutingContext ctx) {
    render(ctx, 404, "not-found", frame(ctx, "not-found.title"), Map.of());
  }

  /**
   * When the API refused a read a page needs, answers with the page that says so and returns true:
   * a missing or foreign listing is not-found, an unavailable dependency is a 503 with Retry-After.
   * A 400 or 412 is the caller's to show beside its form.
   */
  public boolean failed(RoutingContext ctx, ApiAnswer answer) {
    if (answer.ok() || answer.status() == 304) return false;
    switch (answer.status()) {
      case 404, 403, 410 -> notFound(ctx);
      case 401 -> leave(ctx, "/console/login");
      case 503, 504 -> {
        ctx.response().putHeader("Retry-After", "5");
        render(ctx, 503, "error", frame(ctx, "error.unavailable.title"), Map.of("message", "error.unavailable", "requestId",
            org.healthportal.platform.http.RequestIds.of(ctx)));
      }
      default -> {
        if (answer.status() == 400 || answer.status() == 412 || answer.status() == 409 || answer.status() == 422) return false;
        ctx.fail(new IllegalStateException("API answered " + answer.status() + ": " + answer.problemDetail()));
      }
    }
    return true;
  }

  private io.vertx.core.http.HttpServerResponse headers(RoutingContext ctx) {
    return ctx.response().putHeader("Content-Security-Policy", policy).putHeader("Cache-Control", "no-store")
        .putHeader("Vary", "Cookie, HX-Request");
  }
}
