package org.healthportal.console.signin;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.healthportal.console.ConsoleLang;
import org.healthportal.console.ConsolePages;
import org.healthportal.console.Staff;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.auth.TokenAuth;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.http.Lang;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing staff in and out, and the gate in front of every other console page.
 *
 * <p>Sign-in is the authorization code flow with PKCE (S256) as a confidential client: the verifier,
 * state and nonce wait server-side under a one-time cookie; the callback exchanges the code with the
 * client secret, and the tokens stay in the server-side session. The session cookie is
 * {@code HttpOnly}, {@code SameSite=Lax} (the callback arrives from the realm's origin) and
 * {@code Secure} outside development; every form post must carry the session's CSRF token.
 * Sign-out ends the Keycloak session too.
 */
public final class SignIn {

  private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);
  static final String SESSION_COOKIE = "hp_console";
  static final String LOGIN_COOKIE = "hp_console_login";
  private static final Duration LOGIN_TTL = Duration.ofMinutes(10);
  /** Refresh the access token this long before it expires, so no API call carries a dying one. */
  private static final Duration REFRESH_MARGIN = Duration.ofSeconds(20);
  public static final String CSRF_FIELD = "csrf";

  private final OidcClient oidc;
  private final SessionStore sessions;
  private final TokenAuth auth;
  private final ConsolePages pages;
  private final AppConfig.Console config;
  private final boolean secureCookies;
  private final Clock clock;

  public SignIn(OidcClient oidc, SessionStore sessions, TokenAuth auth, ConsolePages pages, AppConfig.Console config,
      boolean secureCookies, Clock clock) {
    this.oidc = oidc;
    this.sessions = sessions;
    this.auth = auth;
    this.pages = pages;
    this.config = config;
    this.secureCookies = secureCookies;
    this.clock = clock;
  }

  /** GET /console/login?next=...: off to the realm's login page. */
  public void login(RoutingContext ctx) {
    String loginId = Pkce.random(32);
    var pending = new SessionStore.PendingLogin(Pkce.random(32), Pkce.random(48), Pkce.random(24), localPath(ctx.request().getParam("next")));
    sessions.startLogin(loginId, pending, LOGIN_TTL).onSuccess(v -> {
      ctx.response().addCookie(cookie(LOGIN_COOKIE, loginId).setMaxAge(LOGIN_TTL.toSeconds()));
      String locale = ConsoleLang.of(ctx) == Lang.EN ? "en" : "zh-CN";
      pages.leave(ctx, oidc.authorizationUrl(redirectUri(ctx), pending.state(), pending.verifier(), pending.nonce(), locale));
    }).onFailure(ctx::fail);
  }

  /** GET /console/callback?code&state: the realm sends the browser back here. */
  public void callback(RoutingContext ctx) {
    Cookie loginCookie = ctx.request().getCookie(LOGIN_COOKIE);
    ctx.response().addCookie(cookie(LOGIN_COOKIE, "").setMaxAge(0));
    String code = ctx.request().getParam("code");
    if (loginCookie == null || code == null) {
      // No sign-in of this browser is waiting (an old tab, a replayed link, or the realm reported an error): start afresh.
      pages.render(ctx, 400, "signin-failed", pages.frame(ctx, "signin.failed.title"), Map.of());
      return;
    }
    sessions.takeLogin(loginCookie.getValue())
        .compose(pending -> {
          if (pending == null || !Pkce.same(pending.state(), ctx.request().getParam("state"))) return Future.succeededFuture(null);
          return oidc.exchange(code, pending.verifier(), redirectUri(ctx), pending.nonce())
              .compose(tokens -> auth.caller(tokens.access()).compose(caller -> startSession(ctx, caller, tokens)))
              .map(v -> pending.returnTo());
        })
        .onSuccess(returnTo -> {
          if (returnTo == null) pages.render(ctx, 400, "signin-failed", pages.frame(ctx, "signin.failed.title"), Map.of());
          else if (!ctx.response().ended()) pages.seeOther(ctx, returnTo);
        })
        .onFailure(e -> {
          LOG.info("Console sign-in refused: {}", e.getMessage());
          pages.render(ctx, 400, "signin-failed", pages.frame(ctx, "signin.failed.title"), Map.of());
        });
  }

  private Future<Void> startSession(RoutingContext ctx, Caller caller, Tokens tokens) {
    if (!caller.has(Caller.Role.STAFF) && !caller.has(Caller.Role.ADMIN)) {
      // Residents have the app; the console is for staff. End the realm session we just made.
      pages.render(ctx, 403, "not-staff", pages.frame(ctx, "not-staff.title"),
          Map.of("logoutUrl", oidc.logoutUrl(tokens.id(), publicBase(ctx) + "/console/signed-out")));
      return Future.succeededFuture();
    }
    String sessionId = Pkce.random(32);
    return sessions.create(sessionId, caller.subject(), tokens, Pkce.random(32), config.maxAge())
        .onSuccess(v -> ctx.response().addCookie(cookie(SESSION_COOKIE, sessionId)));
  }

  /**
   * In front of every page after sign-in: finds the session (else to sign-in), refreshes the access
   * token when it is about to expire, verifies it as the API does, and refuses a form post without
   * the session's CSRF token.
   */
  public void requireStaff(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
    if (cookie == null) {
      toSignIn(ctx);
      return;
    }
    String id = cookie.getValue();
    sessions.find(id, config.idleTimeout())
        .compose(session -> session == null ? Future.succeededFuture(null) : current(id, session))
        .onSuccess(staff -> {
          if (staff == null) {
            ctx.response().addCookie(cookie(SESSION_COOKIE, "").setMaxAge(0));
            toSignIn(ctx);
          } else if (ctx.request().method() == HttpMethod.POST && !Pkce.same(staff.csrfToken(), ctx.request().getFormAttribute(CSRF_FIELD))) {
            staff.attach(ctx);
            pages.render(ctx, 403, "csrf-refused", pages.frame(ctx, "csrf.title"), Map.of());
          } else {
            staff.attach(ctx);
            ctx.next();
          }
        })
        .onFailure(ctx::fail);
  }

  /** The session's staff member, with fresh tokens; null when the realm no longer honours them (signed out elsewhere). */
  private Future<Staff> current(String id, SessionStore.Session session) {
    Future<Tokens> tokens = !session.tokens().accessExpiresWithin(REFRESH_MARGIN, clock.instant()) ? Future.succeededFuture(session.tokens())
        : oidc.refresh(session.tokens()).compose(fresh -> sessions.replaceTokens(id, fresh).map(fresh));
    return tokens
        .compose(t -> auth.caller(t.access())
            .recover(invalid -> Future.failedFuture(new OidcClient.Refused(401, "access token not accepted: " + invalid.getMessage())))
            .map(caller -> new Staff(caller, session.csrfToken(), t)))
        .recover(e -> {
          // The realm refused the refresh, or the token no longer verifies: the session is over. Anything
          // else (the realm unreachable) is a failure of the moment, answered as such.
          if (!(e instanceof OidcClient.Refused)) return Future.failedFuture(e);
          LOG.info("Console session ended: {}", e.getMessage());
          return sessions.end(id).map((Staff) null);
        });
  }

  /** POST /console/logout: ends the session here and at the realm. */
  public void logout(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
    ctx.response().addCookie(cookie(SESSION_COOKIE, "").setMaxAge(0));
    sessions.end(cookie.getValue()).onComplete(ended -> {
      String idToken = ended.succeeded() && ended.result() != null ? ended.result().id() : Staff.of(ctx).tokens().id();
      pages.leave(ctx, oidc.logoutUrl(idToken, publicBase(ctx) + "/console/signed-out"));
    });
  }

  /** GET /console/signed-out. */
  public void signedOut(RoutingContext ctx) {
    pages.render(ctx, 200, "signed-out", pages.frame(ctx, "signed-out.title"), Map.of());
  }

  /** GET /console/lang/{lang}?next=...: remembers the language and goes back. */
  public void switchLanguage(RoutingContext ctx) {
    Lang lang = "en".equals(ctx.pathParam("lang")) ? Lang.EN : Lang.ZH;
    ctx.response().addCookie(ConsoleLang.cookie(lang, secureCookies));
    pages.seeOther(ctx, localPath(ctx.request().getParam("next")));
  }

  /** Old sessions and abandoned sign-ins (every instance may run it: one statement). */
  public Future<Integer> forgetExpired() {
    return sessions.forgetExpired(config.idleTimeout());
  }

  private void toSignIn(RoutingContext ctx) {
    String here = ctx.request().method() == HttpMethod.GET ? ctx.request().uri() : "/console";
    pages.leave(ctx, "/console/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
  }

  private Cookie cookie(String name, String value) {
    return Cookie.cookie(name, value).setPath("/console").setHttpOnly(true).setSecure(secureCookies).setSameSite(CookieSameSite.LAX);
  }

  private String redirectUri(RoutingContext ctx) {
    return publicBase(ctx) + "/console/callback";
  }

  /** The configured public address; in development, the one this request came to. */
  private String publicBase(RoutingContext ctx) {
    if (config.publicUrl().isPresent()) return config.publicUrl().get();
    URI uri = URI.create(ctx.request().absoluteURI());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** Only a path inside the console: never an open redirect to another site. */
  static String localPath(String next) {
    if (next == null || !next.startsWith("/console") || next.contains("\\") || next.chars().anyMatch(c -> c < 0x20)) return "/console";
    return next;
  }
}
