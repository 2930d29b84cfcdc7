package org.healthportal.fuzz;

import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request being built: path parameters and query items already in their raw (encoded) form, so a
 * mutation can put anything there, headers, and the body as a JSON value until it is turned into bytes.
 */
final class Draft {

  /** A body that is not JSON (or not valid JSON): these exact bytes. */
  record RawBody(byte[] bytes) {}

  /** Marks "no body at all". */
  static final Object NO_BODY = new Object();

  final ContractModel.Op op;
  final Map<String, String> path = new LinkedHashMap<>();
  final List<String[]> query = new ArrayList<>();
  final Map<String, String> headers = new LinkedHashMap<>();
  String pathSuffix = "";
  String principal;
  String etagOf;
  Object body = NO_BODY;

  Draft(ContractModel.Op op) {
    this.op = op;
  }

  void setQuery(String name, String rawValue) {
    query.removeIf(q -> q[0].equals(name));
    query.add(new String[] {name, rawValue});
  }

  boolean hasQuery(String name) {
    return query.stream().anyMatch(q -> q[0].equals(name));
  }

  String target() {
    String p = op.path();
    for (Map.Entry<String, String> e : path.entrySet()) p = p.replace("{" + e.getKey() + "}", e.getValue());
    StringBuilder t = new StringBuilder(p).append(pathSuffix);
    for (int i = 0; i < query.size(); i++) {
      t.append(i == 0 ? '?' : '&').append(query.get(i)[0]);
      if (query.get(i)[1] != null) t.append('=').append(query.get(i)[1]);
    }
    return t.toString();
  }

  byte[] bodyBytes() {
    if (body == NO_BODY) return null;
    if (body instanceof RawBody raw) return raw.bytes();
    return Json.encode(body).getBytes(StandardCharsets.UTF_8);
  }

  FuzzRequest build(int index, String kind, String rule, boolean mustReject) {
    List<String[]> h = new ArrayList<>();
    headers.forEach((k, v) -> h.add(new String[] {k, v}));
    return new FuzzRequest(index, op.id(), kind, rule, mustReject, op.method(), target(), h, principal, etagOf, bodyBytes());
  }
}
