package org.healthportal.platform.http;

import io.vertx.core.json.JsonObject;

/** JSON Merge Patch (RFC 7396): objects merge recursively, {@code null} removes, anything else replaces. */
public final class MergePatch {

  private MergePatch() {}

  /** A new document: {@code target} with {@code patch} applied. Neither argument is modified. */
  public static JsonObject apply(JsonObject target, JsonObject patch) {
    JsonObject result = target.copy();
    for (String key : patch.fieldNames()) {
      Object value = patch.getValue(key);
      if (value == null) {
        result.remove(key);
      } else if (value instanceof JsonObject patchObject) {
        Object existing = result.getValue(key);
        result.put(key, apply(existing instanceof JsonObject o ? o : new JsonObject(), patchObject));
      } else {
        result.put(key, value);
      }
    }
    return result;
  }
}
