package org.healthportal.fuzz;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.healthportal.fuzz.ContractModel.Param;
import org.healthportal.fuzz.Values.Where;

/**
 * Requests broken below the schema: bad percent-escapes, NUL, overlong values, deep nesting, bodies
 * over the limit, wrong content types, broken JSON, repeated single-valued parameters and bad path
 * segments. Each kind applies to a valid request; one that does not fit the operation is skipped.
 */
final class Malformed {

  /** What was done, and whether only a 4xx is acceptable. */
  record Outcome(String rule, boolean mustReject) {}

  static final List<String> BAD_ESCAPES = List.of("%", "%zz", "%%%bad", "%C3%28", "%g0", "a%2", "%C3", "%E2%82", "%ZZ%");
  static final List<String> BAD_SEGMENTS = List.of("%zz", "%", "%2F", "a%2Fb", "..", "%2e%2e", "%5C", ";x", "%20", "%C3%28",
      "%7Bid%7D", "*", "%FF%FE", "a%00b");
  static final List<String> WRONG_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x", "application/octet-stream", "garbage", "application/json-patch+json", "text/json");
  /** The body limit of the server (http.body-limit-bytes). */
  static final int BODY_LIMIT = 64 * 1024;
  /** The server's limits of the request line and of the headers (HttpVerticle). */
  static final int HTTP_LIMIT = 64 * 1024;

  private final RequestGenerator gen;
  private final Random random;
  /** Each kind as often as it appears here (large bodies are costly, so rarer). */
  private final List<Function<Draft, Outcome>> kinds = List.of(
      this::badEscapeInQuery, this::badEscapeInQuery, this::badEscapeInQuery, this::badEscapeInPath, this::badEscapeInPath,
      this::badEscapeInPath, this::nulInQuery, this::nulInQuery, this::nulInPath, this::nulInPath, this::nulInJson, this::nulInJson,
      this::nulInJson, this::overlong, this::overlong, this::deepJson, this::deepJson, this::oversizedBody,
      this::wrongContentType, this::wrongContentType, this::brokenJson, this::brokenJson, this::repeatedParameter,
      this::repeatedParameter, this::repeatedParameter, this::badSegment, this::badSegment);

  Malformed(RequestGenerator gen) {
    this.gen = gen;
    this.random = gen.random;
  }

  Outcome apply(Draft d) {
    while (true) {
      Outcome o = kinds.get(random.nextInt(kinds.size())).apply(d);
      if (o != null) return o;
    }
  }

  private Outcome badEscapeInQuery(Draft d) {
    String bad = pick(BAD_ESCAPES);
    List<Param> query = d.op.in("query");
    if (random.nextInt(4) == 0) {
      d.query.add(new String[] {bad, "1"});
      return new Outcome("bad escape in a query name (" + bad + ")", true);
    }
    String name = query.isEmpty() ? "x" : pick(query).name();
    d.setQuery(name, bad);
    return new Outcome("bad escape in query " + (query.isEmpty() ? "(undeclared parameter)" : "value") + " (" + name + "=" + bad + ")", true);
  }

  private Outcome badEscapeInPath(Draft d) {
    if (d.path.isEmpty()) return null;
    String name = pick(new ArrayList<>(d.path.keySet()));
    String bad = pick(BAD_ESCAPES);
    d.path.put(name, random.nextBoolean() ? bad : d.path.get(name) + bad);
    return new Outcome("bad escape in path (" + name + ": " + d.path.get(name) + ")", true);
  }

  private Outcome nulInQuery(Draft d) {
    List<Param> query = d.op.in("query");
    String name = query.isEmpty() ? "x" : pick(query).name();
    String value = random.nextBoolean() ? "%00" : "a%00b";
    d.setQuery(name, value);
    return new Outcome("NUL in query " + (query.isEmpty() ? "(undeclared parameter)" : "value") + " (" + name + "=" + value + ")", true);
  }

  private Outcome nulInPath(Draft d) {
    if (d.path.isEmpty()) return null;
    String name = pick(new ArrayList<>(d.path.keySet()));
    d.path.put(name, random.nextBoolean() ? "%00" : d.path.get(name) + "%00");
    return new Outcome("NUL in path (" + name + ": " + d.path.get(name) + ")", true);
  }

  private Outcome nulInJson(Draft d) {
    if (d.op.body() == null) return null;
    List<BodyMutations.Node> strings = BodyMutations.strings(d, d.op.body().schema());
    if (strings.isEmpty()) return null;
    BodyMutations.Node n = pick(strings);
    String s = (String) n.value();
    int at = random.nextInt(s.length() + 1);
    n.replace().accept(s.substring(0, at) + "\u0000" + s.substring(at));
    return new Outcome("NUL inside a JSON string (" + n.pointer() + ")", true);
  }

  private Outcome overlong(Draft d) {
    int roll = random.nextInt(20);
    if (roll == 0) {
      // Past the server's request-line and header limits (64 KiB): refused by the HTTP decoder itself.
      if (random.nextBoolean()) {
        d.setQuery("q", "x".repeat(HTTP_LIMIT + random.nextInt(10_000)));
        return new Outcome("request line over the server's limit (~" + d.target().length() / 1024 + " KiB)", true);
      }
      d.headers.put("X-Fuzz", "y".repeat(HTTP_LIMIT + random.nextInt(10_000)));
      return new Outcome("headers over the server's limit (~" + (HTTP_LIMIT / 1024) + " KiB)", true);
    }
    if (roll < 3) {
      // Long, but within the limits: a declared q is over its maxLength; an undeclared one is ignored.
      boolean declared = d.op.in("query").stream().anyMatch(p -> p.name().equals("q"));
      d.setQuery("q", "x".repeat(9000 + random.nextInt(20000)));
      return new Outcome("long request line (" + (declared ? "q over its maxLength" : "undeclared q") + ")", declared);
    }
    if (roll < 5) {
      // An unknown header: whether the server takes it is its business, but never with a 5xx.
      d.headers.put("X-Fuzz", "y".repeat(9000 + random.nextInt(20000)));
      return new Outcome("overlong undeclared header (X-Fuzz)", false);
    }
    if (d.op.body() != null && roll < 12) {
      List<BodyMutations.Node> strings = BodyMutations.strings(d, d.op.body().schema());
      if (!strings.isEmpty()) {
        BodyMutations.Node n = pick(strings);
        n.replace().accept(Strings.text(random, 20_000, false));
        boolean limited = n.schema().containsKey("maxLength") || n.schema().containsKey("enum") || n.schema().containsKey("pattern");
        return new Outcome("overlong JSON string (" + n.pointer() + ")", limited);
      }
    }
    List<Param> params = d.op.params().stream().filter(p -> !p.in().equals("header") || p.schema().containsKey("maxLength")).toList();
    if (params.isEmpty()) {
      d.setQuery("x", Strings.encode(Strings.text(random, 1000, true)));
      return new Outcome("overlong value of an undeclared query parameter", false);
    }
    Param p = pick(params);
    JsonObject schema = p.isArray() ? p.schema().getJsonObject("items") : p.schema();
    // Longer than allowed (ASCII, so the request line stays within the HTTP decoder's limit).
    int length = schema.getInteger("maxLength", 1000) + 1 + random.nextInt(200);
    boolean limited = !"string".equals(schema.getValue("type")) || schema.containsKey("maxLength") || schema.containsKey("pattern")
        || schema.containsKey("format") || schema.containsKey("enum");
    switch (p.in()) {
      case "path" -> d.path.put(p.name(), Strings.encode(Strings.text(random, length, true)));
      case "query" -> d.setQuery(p.name(), Strings.encode(Strings.text(random, length, true)));
      default -> {
        d.headers.put(p.name(), Strings.ascii(random, length).replace("\"", ""));
        d.etagOf = null;
      }
    }
    return new Outcome("overlong " + p.in() + " value (" + p.name() + ")", limited);
  }

  private Outcome deepJson(Draft d) {
    if (d.op.body() == null) return null;
    int depth = List.of(1_000, 5_000, 20_000, 30_000).get(random.nextInt(4));
    boolean arrays = random.nextBoolean();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) b.append(arrays ? "[" : "{\"a\":");
    b.append("1");
    for (int i = 0; i < depth; i++) b.append(arrays ? "]" : "}");
    String nested = b.toString();
    String json = d.body instanceof JsonObject o && !o.isEmpty() && random.nextBoolean()
        ? "{\"" + o.fieldNames().iterator().next() + "\":" + nested + "}"
        : nested;
    d.body = new Draft.RawBody(json.getBytes(StandardCharsets.UTF_8));
    return new Outcome("deeply nested JSON (depth " + depth + (arrays ? ", arrays" : ", objects") + ")", true);
  }

  private Outcome oversizedBody(Draft d) {
    int size = BODY_LIMIT + 1 + random.nextInt(3 * BODY_LIMIT);
    d.body = new Draft.RawBody(("{\"x\":\"" + "a".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8));
    d.headers.put("Content-Type", d.op.body() == null ? "application/json" : d.op.body().contentType());
    return new Outcome("body over the limit (" + (size / 1024) + " KiB)", true);
  }

  private Outcome wrongContentType(Draft d) {
    if (d.op.body() == null) return null;
    String declared = d.op.body().contentType();
    String type = declared.equals("application/merge-patch+json") && random.nextInt(3) == 0 ? "application/json" : pick(WRONG_TYPES);
    if (random.nextInt(6) == 0) {
      d.headers.remove("Content-Type");
      return new Outcome("JSON body without Content-Type", true);
    }
    d.headers.put("Content-Type", type);
    return new Outcome("wrong Content-Type (" + type + ")", true);
  }

  private Outcome brokenJson(Draft d) {
    if (d.op.body() == null) return null;
    String json = Json.encode(d.body);
    List<byte[]> options = new ArrayList<>();
    options.add(json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8));
    options.add((json + "}").getBytes(StandardCharsets.UTF_8));
    options.add((json + json).getBytes(StandardCharsets.UTF_8));
    options.add(json.replace('"', '\'').getBytes(StandardCharsets.UTF_8));
    options.add(new byte[0]);
    options.add("{\"a\": NaN}".getBytes(StandardCharsets.UTF_8));
    options.add(("/* comment */ " + json).getBytes(StandardCharsets.UTF_8));
    options.add("{\"a\":1,}".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
    String field = d.body instanceof JsonObject o && !o.isEmpty() ? o.fieldNames().iterator().next() : "a";
    badUtf8.writeBytes(("{\"" + field + "\":\"").getBytes(StandardCharsets.UTF_8));
    badUtf8.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    badUtf8.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    options.add(badUtf8.toByteArray());
    String[] names = {"truncated", "trailing brace", "two documents", "single quotes", "empty", "NaN literal", "comment",
        "trailing comma", "invalid UTF-8"};
    int i = random.nextInt(options.size());
    d.body = new Draft.RawBody(options.get(i));
    return new Outcome("broken JSON (" + names[i] + ")", true);
  }

  private Outcome repeatedParameter(Draft d) {
    List<Param> single = d.op.in("query").stream().filter(p -> !(p.isArray() && p.explode())).toList();
    if (single.isEmpty()) return null;
    Param p = pick(single);
    gen.values.operationId = d.op.id();
    String first = Strings.encode(Values.text(gen.values.valid(p.name(), p.schema(), Where.QUERY)));
    String second = Strings.encode(Values.text(gen.values.valid(p.name(), p.schema(), Where.QUERY)));
    d.query.removeIf(q -> q[0].equals(p.name()));
    d.query.add(new String[] {p.name(), first});
    d.query.add(new String[] {p.name(), second});
    return new Outcome("repeated single-valued query parameter (" + p.name() + "=" + first + "&" + p.name() + "=" + second + ")", true);
  }

  private Outcome badSegment(Draft d) {
    String bad = pick(BAD_SEGMENTS);
    // Below /console lie the staff console's HTML pages, outside the API: a segment appended there
    // leads to them (sign-in first, HTML error pages), not to an API path that must answer 404.
    if (d.path.isEmpty() && d.op.id().equals("getConsole")) return null;
    if (d.path.isEmpty()) {
      if (bad.equals("..") || bad.equals("%2e%2e")) bad = "%zz";
      d.pathSuffix = "/" + bad;
      return new Outcome("bad path segment appended (" + bad + ")", true);
    }
    String name = pick(new ArrayList<>(d.path.keySet()));
    d.path.put(name, bad);
    d.etagOf = null;
    return new Outcome("bad path segment (" + name + ": " + bad + ")", true);
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
