package org.healthportal.console;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.net.URI;
import java.time.Clock;
import org.healthportal.console.signin.OidcClient;
import org.healthportal.console.signin.SessionStore;
import org.healthportal.console.signin.SignIn;
import org.healthportal.platform.auth.TokenAuth;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.Text;
import org.healthportal.platform.http.Webjars;
import org.healthportal.platform.pii.PiiCipher;

/**
 * The staff console at {@code /console}: server-rendered pages (precompiled jte templates) for the
 * people who keep listings, beds and signups current, on a phone at the ward desk, in Chinese first.
 * Everything it reads or changes goes through this service's own API ({@link PortalApi}) with the
 * staff member's token, so the console can do nothing the API would not let that person do.
 */
public final class ConsoleModule implements ApiModule {

  private final AppConfig.Console config;
  private final SignIn signIn;
  private final ConsolePages pages;
  private final PortalApi api;

  public ConsoleModule(Vertx vertx, io.vertx.sqlclient.Pool pool, PiiCipher cipher, TokenAuth auth, AppConfig config, Clock clock) {
    this.config = config.console();
    String realmUrl = config.auth().realmUrl().orElseThrow();
    URI realm = URI.create(realmUrl);
    this.pages = new ConsolePages(realm.getScheme() + "://" + realm.getRawAuthority());
    OidcClient oidc = new OidcClient(vertx, realmUrl, this.config.clientId(), this.config.clientSecret(), clock);
    this.signIn = new SignIn(oidc, new SessionStore(pool, cipher), auth, pages, this.config, config.mode() == AppConfig.Mode.PRODUCTION, clock);
    this.api = new PortalApi(vertx, this.config.apiUrl().orElseGet(() -> PortalApi.localBaseUrl(config.http().host(), config.http().port())));
  }

  @Override
  public void bind(RouterBuilder builder) {
    var home = builder.getRoute("getConsole");
    if (!config.enabled()) {
      home.addHandler(ConsoleModule::disabled);
      return;
    }
    // Its failures, like every contract route's, leave as problem documents (the contract says so);
    // the pages under /console/ answer theirs with HTML pages (ConsoleErrors).
    home.addHandler(signIn::requireStaff).addHandler(new HomePage(api, pages)::handle);
  }

  @Override
  public void addExtraRoutes(Router router) {
    if (!config.enabled()) return;
    router.get("/console/assets/htmx/*").handler(StaticHandler.create(Webjars.path("org.webjars.npm", "htmx.org") + "/dist")
        .setCachingEnabled(true).setMaxAgeSeconds(86_400));
    router.get("/console/assets/*").handler(StaticHandler.create("console-assets").setCachingEnabled(true).setMaxAgeSeconds(3_600));
    router.get("/console/login").handler(signIn::login);
    router.get("/console/callback").handler(signIn::callback);
    router.get("/console/signed-out").handler(signIn::signedOut);
    router.get("/console/lang/:lang").handler(signIn::switchLanguage);
    router.route("/console/*").handler(signIn::requireStaff);
    router.post("/console/logout").handler(signIn::logout);

    BedsPage beds = new BedsPage(api, pages);
    router.get("/console/facilities/:id").handler(beds::show);
    router.post("/console/facilities/:id/beds").handler(beds::report);
    for (Listing listing : Listing.values()) {
      String base = listing == Listing.FACILITY ? "/console/facilities/:id" : "/console/sites/:id";
      EditPage edit = new EditPage(api, pages, listing);
      router.get(base + "/edit").handler(edit::show);
      router.post(base + "/edit").handler(edit::save);
      router.get(base + "/history").handler(new HistoryPage(api, pages, listing)::show);
      CreatePage create = new CreatePage(api, pages, listing);
      router.post(base + "/close").handler(create::close);
      String admin = listing == Listing.FACILITY ? "/console/admin/facilities" : "/console/admin/sites";
      router.get(admin + "/new").handler(create::show);
      router.post(admin).handler(create::create);
    }
    SignupsPage signups = new SignupsPage(api, pages);
    router.get("/console/facilities/:id/signups").handler(signups::show);
    router.post("/console/facilities/:id/signups/:signupId").handler(signups::decide);
    router.post("/console/facilities/:id/teams/:teamId/cap").handler(signups::setCap);
    router.route("/console/*").handler(ctx -> pages.notFound(ctx));
    router.route("/console/*").failureHandler(new ConsoleErrors(pages));
  }

  /** Sessions past their time, and sign-ins never finished (run periodically). */
  public io.vertx.core.Future<Integer> forgetExpiredSessions() {
    return config.enabled() ? signIn.forgetExpired() : io.vertx.core.Future.succeededFuture(0);
  }

  private static void disabled(RoutingContext ctx) {
    throw Problem.notFound(Text.of("console.disabled"));
  }
}
