package org.healthportal.platform.cache;

import org.healthportal.platform.http.ETags;

/** A serialized response and its entity tag, computed once per cached value. */
public record CachedValue(String json, String etag) {

  public static CachedValue of(String json) {
    return new CachedValue(json, ETags.ofBody(json));
  }

  public boolean isEmpty() {
    return json.isEmpty();
  }
}
