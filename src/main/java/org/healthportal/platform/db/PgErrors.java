package org.healthportal.platform.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.function.Supplier;

/** Turning database constraint violations into the problems they mean for the client. */
public final class PgErrors {

  private static final String UNIQUE_VIOLATION = "23505";

  private PgErrors() {}

  public static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  /** A recover function: a unique violation becomes {@code problem}, anything else stays as it is. */
  public static <T> java.util.function.Function<Throwable, Future<T>> uniqueViolationAs(Supplier<? extends RuntimeException> problem) {
    return e -> Future.failedFuture(isUniqueViolation(e) ? problem.get() : e);
  }
}
