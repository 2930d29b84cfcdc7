package org.healthportal.platform.cache;

import io.vertx.core.buffer.Buffer;
import org.healthportal.platform.http.ETags;

/**
 * A serialized JSON response, kept as the bytes that go on the wire, with its entity tag: both are
 * computed once per cached value instead of once per request.
 */
public record CachedValue(Buffer body, String etag) {

  public static CachedValue of(String json) {
    return new CachedValue(Buffer.buffer(json), ETags.ofBody(json));
  }

  /** An encoded response (one the search index wrote, say). */
  public static CachedValue of(Buffer json) {
    return new CachedValue(json, ETags.ofBody(json));
  }

  public String json() {
    return body.toString();
  }

  public boolean isEmpty() {
    return body.length() == 0;
  }
}
