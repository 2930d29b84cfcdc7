package org.healthportal.platform.http;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of problem the service answers with: the last segment of its {@code type} URI and its
 * usual status. Titles and what a client should do about each are in the message catalogue
 * ({@code type.<slug>.title}, {@code type.<slug>.action}); the problem types page ({@code GET /problems})
 * lists them all. A new kind of problem gets a constant here and both texts in every catalogue.
 */
public enum ProblemType {
  // Any operation
  VALIDATION(400, "validation"),
  UNAUTHORIZED(401, "unauthorized"),
  FORBIDDEN(403, "forbidden"),
  NOT_FOUND(404, "not-found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large"),
  URI_TOO_LONG(414, "uri-too-long"),
  HEADERS_TOO_LARGE(431, "headers-too-large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type"),
  RATE_LIMITED(429, "rate-limited"),
  CLIENT_ERROR(400, "client-error"),
  INTERNAL(500, "internal"),
  UNAVAILABLE(503, "unavailable"),
  // Writes
  IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused"),
  IDEMPOTENCY_IN_FLIGHT(409, "idempotency-in-flight"),
  PRECONDITION_REQUIRED(428, "precondition-required"),
  PRECONDITION_FAILED(412, "precondition-failed"),
  // Delta sync
  RESYNC_REQUIRED(410, "resync-required"),
  // Residents
  ID_NUMBER_REGISTERED(409, "id-number-registered"),
  PROFILE_REQUIRED(409, "profile-required"),
  DEPENDANT_EXISTS(409, "dependant-exists"),
  // Family doctor
  TEAM_FULL(409, "team-full"),
  ALREADY_SIGNED_UP(409, "already-signed-up"),
  OUT_OF_SERVICE_AREA(422, "out-of-service-area"),
  NOT_PENDING(409, "not-pending"),
  NOT_ACTIVE(409, "not-active"),
  NOT_OPEN(409, "not-open"),
  OUTSIDE_RENEWAL_WINDOW(409, "outside-renewal-window"),
  CAP_BELOW_PANEL(409, "cap-below-panel"),
  // Notifications
  WATCH_LIMIT(409, "watch-limit");

  private static final Map<String, ProblemType> BY_SLUG =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ProblemType::slug, Function.identity()));

  private final int status;
  private final String slug;

  ProblemType(int status, String slug) {
    this.status = status;
    this.slug = slug;
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  /** The {@code type} member of its problem documents. */
  public String uri() {
    return Problem.TYPE_BASE + slug;
  }

  public Text title() {
    return Text.of("type." + slug + ".title");
  }

  /** What a client should do about it. */
  public Text action() {
    return Text.of("type." + slug + ".action");
  }

  /** The registered type with this slug, or null. */
  public static ProblemType bySlug(String slug) {
    return BY_SLUG.get(slug);
  }
}
