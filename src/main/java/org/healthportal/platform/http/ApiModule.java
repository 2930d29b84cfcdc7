package org.healthportal.platform.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * One feature's slice of the contract: binds the operationIds of its tag to handler methods named
 * like them. Handlers may throw {@link Problem} or fail their futures; the router renders both.
 */
public interface ApiModule {

  /** Binds this module's operations: {@code builder.getRoute("opId").addHandler(this::opId)}. */
  void bind(RouterBuilder builder);

  /** Routes outside the contract (static assets); most modules have none. */
  default void addExtraRoutes(Router router) {}
}
