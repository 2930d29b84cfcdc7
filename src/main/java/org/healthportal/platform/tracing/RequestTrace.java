package org.healthportal.platform.tracing;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * The trace of the request being handled, reachable from code that knows nothing of HTTP (a
 * repository that tags its transaction, say). Vert.x gives every HTTP request a context of its own
 * (a duplicated context) on which all its callbacks run, so the value is stored in that context's
 * local data. Outside a request there is none.
 */
public final class RequestTrace {

  private static final Object KEY = new Object();

  private RequestTrace() {}

  /** Records the current request's {@code traceparent} (called once, as the request arrives). */
  public static void set(String traceparent) {
    ContextInternal context = (ContextInternal) Vertx.currentContext();
    if (context != null && context.isDuplicate() && traceparent != null) context.localContextData().put(KEY, traceparent);
  }

  /** The current request's {@code traceparent}, or null outside a traced request. */
  public static String current() {
    ContextInternal context = (ContextInternal) Vertx.currentContext();
    return context == null || !context.isDuplicate() ? null : (String) context.localContextData().get(KEY);
  }
}
