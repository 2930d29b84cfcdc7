package org.healthportal.facilities;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.healthportal.api.model.Beds;
import org.healthportal.api.model.Facility;
import org.healthportal.platform.cache.CachedValue;
import org.healthportal.platform.http.Json;
import org.healthportal.platform.versioning.VersionTags;

/**
 * A facility's detail as it is cached: the response body and its ETag, ready to send, with the time
 * until which its bed figures' {@code stale} flags hold. A read sends the cached bytes as they are;
 * only after that time does it decode, reflag and re-encode (the flags depend on the clock).
 *
 * <p>Cached form: {@code <valid-until epoch ms>\n<etag>\n<json>}.
 */
record PreparedDetail(Buffer body, String etag) {

  /** The cached form of {@code f}, its flags set for now. */
  static String encode(Facility f, UnaryOperator<Facility> withStaleFlags, Duration staleAfter) {
    withStaleFlags.apply(f);
    long validUntil = Long.MAX_VALUE;
    for (Beds b : f.getBeds()) {
      // A fresh figure turns stale staleAfter after its report; a stale one stays stale.
      if (!b.getStale() && b.getReportedAt() != null) {
        validUntil = Math.min(validUntil, b.getReportedAt().toInstant().plus(staleAfter).toEpochMilli());
      }
    }
    return validUntil + "\n" + etag(f) + "\n" + Json.encode(f);
  }

  /** The detail to send from its cached form, reflagged when the flags no longer hold. */
  static PreparedDetail decode(CachedValue cached, UnaryOperator<Facility> withStaleFlags, Instant now) {
    PreparedDetail current = ifCurrent(cached.body(), now);
    if (current != null) return current;
    Buffer all = cached.body();
    Facility f = withStaleFlags.apply(Json.decode(all.slice(indexOf(all, indexOf(all, 0) + 1) + 1, all.length()).toString(), Facility.class));
    return new PreparedDetail(Buffer.buffer(Json.encode(f)), etag(f));
  }

  /** The detail to send from its cached form {@code all}, or null when its flags no longer hold. */
  static PreparedDetail ifCurrent(Buffer all, Instant now) {
    int first = indexOf(all, 0);
    int second = indexOf(all, first + 1);
    long validUntil = Long.parseLong(all.getString(0, first, StandardCharsets.US_ASCII.name()));
    if (now.toEpochMilli() >= validUntil) return null;
    return new PreparedDetail(all.slice(second + 1, all.length()), all.getString(first + 1, second, StandardCharsets.US_ASCII.name()));
  }

  /** The version, marked when a bed figure is stale (so a client's copy turns stale too). */
  static String etag(Facility f) {
    return VersionTags.of(f.getVersion(), f.getBeds().stream().anyMatch(Beds::getStale) ? "stale" : null);
  }

  private static int indexOf(Buffer b, int from) {
    for (int i = from; i < b.length(); i++) {
      if (b.getByte(i) == '\n') return i;
    }
    throw new IllegalStateException("not a prepared detail");
  }
}
