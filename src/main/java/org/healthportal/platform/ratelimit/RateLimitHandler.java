package org.healthportal.platform.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.healthportal.platform.auth.Caller;
import org.healthportal.platform.auth.TokenAuth;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.http.ClientAddress;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.metrics.Meters;
import org.healthportal.platform.http.ProblemType;

/**
 * Fair use of the API ({@code /v1/...}): counts each request against the policy of its class of
 * caller and answers with the IETF httpapi RateLimit fields; beyond the limit, 429 with
 * {@code Retry-After}. Partners are counted per client, users per user, both from a verified token;
 * anyone else (no token, or one that does not verify) per IP address.
 *
 * <p>It runs after CORS (so browsers can read a 429) and after the size-capped body handler: Vert.x
 * Web reads the body before any asynchronous handler, and a capped body costs little.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {

  private static final String BEARER = "bearer ";

  private final RateLimiter limiter;
  private final TokenAuth auth;
  private final AppConfig.RateLimits config;
  private final Meters metrics;

  public RateLimitHandler(RateLimiter limiter, TokenAuth auth, AppConfig.RateLimits config, Meters metrics) {
    this.limiter = limiter;
    this.auth = auth;
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!config.enabled() || !ctx.request().path().startsWith("/v1/")) {
      ctx.next();
      return;
    }
    identify(ctx)
        .compose(subject -> limiter.acquire(subject.policy(), subject.key()))
        .onSuccess(decision -> {
          AppConfig.RateLimitPolicy p = decision.policy();
          ctx.response()
              .putHeader("RateLimit-Policy", "\"" + p.name() + "\";q=" + p.limit() + ";w=" + p.window().toSeconds())
              .putHeader("RateLimit", "\"" + p.name() + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
          if (decision.allowed()) {
            ctx.next();
          } else {
            ctx.response().putHeader("Retry-After", String.valueOf(decision.resetSeconds()));
            metrics.count("hp.ratelimit.rejected", "caller_class", p.name()).increment();
            ctx.fail(Problem.of(ProblemType.RATE_LIMITED, "problem.rate-limited",
                p.name(), p.limit(), p.window().toSeconds(), decision.resetSeconds()));
          }
        })
        .onFailure(ctx::fail);
  }

  private record Subject(AppConfig.RateLimitPolicy policy, String key) {}

  private Future<Subject> identify(RoutingContext ctx) {
    // Behind a trusted proxy this is the address the proxy saw, not the proxy's own.
    Subject anonymous = new Subject(config.anonymous(), "ip:" + ClientAddress.of(ctx));
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) return Future.succeededFuture(anonymous);
    return auth.caller(header.substring(BEARER.length()).trim())
        .map(caller -> caller.has(Caller.Role.PARTNER)
            ? new Subject(config.partner(), "client:" + caller.clientId())
            : new Subject(config.user(), "user:" + caller.subject()))
        .otherwise(anonymous); // the operation's own security check answers 401 where a token is required
  }
}
