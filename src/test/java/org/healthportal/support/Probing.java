package org.healthportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.Function;

/** Checks that a caller cannot tell an existing resource outside their scope from a missing one. */
public final class Probing {

  private Probing() {}

  /**
   * What {@code call} answers for {@code realId} is what it answers for an id that does not exist:
   * the status, the headers present, and every field of the problem document (type, title, status,
   * detail, instance, errors) with the id replaced; only the request id differs.
   */
  public static void answersAsIfMissing(String realId, int status, Function<String, Http.Response> call) {
    String missingId = UUID.randomUUID().toString();
    Http.Response real = call.apply(realId);
    Http.Response missing = call.apply(missingId);
    JsonObject a = real.problem(status);
    JsonObject b = missing.problem(status);
    a.remove("requestId");
    b.remove("requestId");
    assertThat(a.encode().replace(realId, "{id}")).as("the answer for existing %s", realId).isEqualTo(b.encode().replace(missingId, "{id}"));
    assertThat(real.headers().keySet()).isEqualTo(missing.headers().keySet());
    assertThat(real.header("Content-Type")).isEqualTo(missing.header("Content-Type"));
  }
}
