package org.healthportal.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API's answer to a console call. Failures are the API's own problem documents, already in the
 * staff member's language: {@link #fieldErrors()} puts each failing field's rule beside its input.
 */
public record ApiAnswer(int status, String etag, Buffer body) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  public JsonObject json() {
    return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
  }

  /** The problem's {@code detail} (or its title), for a message at the top of a form. */
  public String problemDetail() {
    JsonObject p = json();
    return p.getString("detail", p.getString("title", "HTTP " + status));
  }

  /** Each failing body field's JSON pointer ({@code /beds/0/free}) and its rule in words. */
  public Map<String, String> fieldErrors() {
    Map<String, String> out = new LinkedHashMap<>();
    JsonArray errors = json().getJsonArray("errors", new JsonArray());
    for (int i = 0; i < errors.size(); i++) {
      JsonObject e = errors.getJsonObject(i);
      out.merge(e.getString("field", ""), e.getString("detail", ""), (a, b) -> a + "; " + b);
    }
    return out;
  }
}
