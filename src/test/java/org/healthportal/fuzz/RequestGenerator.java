package org.healthportal.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.healthportal.fuzz.ContractModel.Op;
import org.healthportal.fuzz.ContractModel.Param;
import org.healthportal.fuzz.Values.Where;
import org.healthportal.fuzz.Violations.Violation;

/**
 * Requests for every operation of the contract, all drawn from one seeded {@link Random} in a fixed
 * order, so a seed always gives the same requests: valid ones built from the schemas, invalid ones
 * (one schema rule broken) and malformed ones ({@link Malformed}).
 */
final class RequestGenerator {

  /** What the generator needs of the running system: real values and who calls. */
  interface World extends Values.Hints {
    /** The user (or "partner") whose token a valid request of this operation carries; null for none. */
    String principal(String operationId, Random random);
  }

  /** Operations that create something: fewer valid requests, so the run leaves little behind. */
  private static final Set<String> CREATING = Set.of("createFacility", "createTourismSite", "createTeam", "createSignup",
      "addDependant", "createWebhook", "putMyProfile", "changeTeam", "renewSignup");

  private record Planned(Draft draft, String kind, String rule, boolean mustReject) {}

  final Random random;
  final Values values;
  final World world;

  RequestGenerator(long seed, World world) {
    this.random = new Random(seed);
    this.world = world;
    this.values = new Values(random, world);
  }

  /** About {@code total} requests over all operations, in a seeded random order. */
  List<FuzzRequest> generate(ContractModel model, int total) {
    int perOp = Math.max(10, total / model.operations().size());
    Malformed malformed = new Malformed(this);
    List<Planned> planned = new ArrayList<>();
    for (Op op : model.operations()) {
      int valid = CREATING.contains(op.id()) ? Math.min(10, perOp * 3 / 10) : perOp * 3 / 10;
      for (int i = 0; i < valid; i++) planned.add(new Planned(valid(op), "valid", "", false));
      for (int i = 0; i < perOp * 3 / 10 && breakable(op); i++) {
        Draft d = valid(op);
        planned.add(new Planned(d, "invalid", invalidate(d), true));
      }
      for (int i = 0; i < perOp * 4 / 10; i++) {
        Draft d = valid(op);
        Malformed.Outcome m = malformed.apply(d);
        planned.add(new Planned(d, "malformed", m.rule(), m.mustReject()));
      }
    }
    Collections.shuffle(planned, random);
    List<FuzzRequest> out = new ArrayList<>();
    for (Planned p : planned) out.add(p.draft().build(out.size(), p.kind(), p.rule(), p.mustReject()));
    return out;
  }

  /** A request the contract allows, with real ids and a caller that fits the operation. */
  Draft valid(Op op) {
    values.operationId = op.id();
    Draft d = new Draft(op);
    for (Param p : op.in("path")) d.path.put(p.name(), Strings.encode(Values.text(values.valid(p.name(), p.schema(), Where.PATH))));
    JsonObject query = new JsonObject();
    for (Param p : op.in("query")) {
      if (p.required() || random.nextBoolean()) query.put(p.name(), values.valid(p.name(), p.schema(), Where.QUERY));
    }
    world.fixUp(query, random);
    for (Param p : op.in("query")) {
      if (!query.containsKey(p.name())) continue;
      Object v = query.getValue(p.name());
      if (p.isArray() && p.explode()) ((JsonArray) v).forEach(item -> d.query.add(new String[] {p.name(), Strings.encode(Values.text(item))}));
      else d.query.add(new String[] {p.name(), Strings.encode(Values.text(v))});
    }
    for (Param p : op.in("header")) {
      if (p.name().equals("If-Match")) {
        // The current ETag mostly (the change can succeed), else a stale one or none (412, 428).
        int roll = random.nextInt(10);
        if (roll < 7) d.etagOf = resourcePath(d);
        else if (roll < 9) d.headers.put("If-Match", "\"" + random.nextInt(1000) + "\"");
      } else if (p.required() || random.nextBoolean()) {
        d.headers.put(p.name(), Values.text(values.valid(p.name(), p.schema(), Where.HEADER)));
      }
    }
    if (op.body() != null) {
      d.body = values.valid(null, op.body().schema(), Where.BODY);
      d.headers.put("Content-Type", op.body().contentType() + (random.nextInt(4) == 0 ? "; charset=utf-8" : ""));
    }
    d.principal = world.principal(op.id(), random);
    return d;
  }

  /** The path of the resource an If-Match refers to: the path up to its last path parameter. */
  private static String resourcePath(Draft d) {
    String template = d.op.path();
    String resource = template.substring(0, template.lastIndexOf('}') + 1);
    for (var e : d.path.entrySet()) resource = resource.replace("{" + e.getKey() + "}", e.getValue());
    return resource;
  }

  private static List<Param> breakableParams(Op op) {
    return op.params().stream().filter(p -> !Violations.forParameter(p.schema(), p.isArray()).isEmpty()).toList();
  }

  /** Whether a request of {@code op} can break the contract at all (a public probe without parameters cannot). */
  private static boolean breakable(Op op) {
    return op.secured() || op.body() != null || !breakableParams(op).isEmpty();
  }

  /** Breaks one rule of the contract in {@code d}; returns the rule broken. */
  private String invalidate(Draft d) {
    Op op = d.op;
    List<Param> params = breakableParams(op);
    int roll = random.nextInt(10);
    if (op.secured() && (roll == 0 || (op.body() == null && params.isEmpty()))) return unauthenticate(d);
    if (op.body() != null && (roll < 7 || params.isEmpty())) return BodyMutations.invalidate(d, op.body(), random);
    Param p = params.get(random.nextInt(params.size()));
    if (p.required() && p.in().equals("header") && random.nextInt(3) == 0) {
      d.headers.remove(p.name());
      return "header " + p.name() + ": required but missing";
    }
    if (p.isArray() && p.schema().containsKey("maxItems") && random.nextInt(3) == 0) {
      JsonObject items = p.schema().getJsonObject("items");
      int n = p.schema().getInteger("maxItems") + 1;
      d.query.removeIf(q -> q[0].equals(p.name()));
      List<String> vals = new ArrayList<>();
      for (int i = 0; i < n; i++) vals.add(Strings.encode(Values.text(values.valid(null, items, Where.QUERY))));
      if (p.explode()) vals.forEach(v -> d.query.add(new String[] {p.name(), v}));
      else d.query.add(new String[] {p.name(), String.join(",", vals)});
      return "query " + p.name() + ": more than maxItems (" + n + ")";
    }
    List<Violation> vs = Violations.forParameter(p.schema(), p.isArray());
    Violation v = vs.get(random.nextInt(vs.size()));
    String text = Values.text(v.value());
    switch (p.in()) {
      case "path" -> d.path.put(p.name(), Strings.encode(text));
      case "query" -> d.setQuery(p.name(), Strings.encode(text));
      default -> {
        d.headers.put(p.name(), text);
        if (p.name().equals("If-Match")) d.etagOf = null;
      }
    }
    return p.in() + " " + p.name() + ": " + v.rule() + " (" + Strings.abbreviate(text, 40) + ")";
  }

  private String unauthenticate(Draft d) {
    String[] tokens = {null, "garbage", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", ""};
    int i = random.nextInt(tokens.length + 1);
    d.principal = null;
    if (i == tokens.length) {
      d.headers.put("Authorization", "Basic YWRtaW4xOmFkbWluMS1wYXNz");
      return "auth: Basic credentials";
    }
    if (tokens[i] != null) d.headers.put("Authorization", "Bearer " + tokens[i]);
    return tokens[i] == null ? "auth: no token" : "auth: bad bearer token (" + tokens[i] + ")";
  }
}
