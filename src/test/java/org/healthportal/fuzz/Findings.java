package org.healthportal.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.healthportal.support.Http;

/**
 * What the run saw: every response counted by kind and status, and every broken expectation grouped
 * by what broke, which operation and how the request was made, with the first request of each group
 * kept for the report exactly as sent.
 */
final class Findings {

  /** One broken expectation, with the request as sent and what came back (null response: none). */
  record Finding(String check, FuzzRequest request, String sent, Http.Response response, String detail, String variant) {
    Finding(String check, FuzzRequest request, String sent, Http.Response response, String detail) {
      this(check, request, sent, response, detail, request.variant());
    }

    String group() {
      return check + " | " + request.kind() + (request.rule().isEmpty() ? "" : ": " + request.ruleGroup())
          + " | " + (response == null ? "no response" : response.status());
    }
  }

  /** The findings of one kind: how many, in which operations, with which values, and the first one. */
  private record Group(Finding first, AtomicInteger count, Set<String> operations, Set<String> variants) {}

  private final Map<String, Group> groups = new TreeMap<>();
  private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
  private final Map<String, Map<Integer, Integer>> validByOperation = new TreeMap<>();
  private final Map<String, Set<String>> validRefusals = new TreeMap<>();
  private int responses;

  synchronized void count(FuzzRequest r, Http.Response response) {
    responses++;
    statuses.computeIfAbsent(r.kind(), k -> new TreeMap<>()).merge(response == null ? 0 : response.status(), 1, Integer::sum);
    Map<Integer, Integer> valid = validByOperation.computeIfAbsent(r.operationId(), k -> new TreeMap<>());
    if (!r.kind().equals("valid")) return;
    valid.merge(response == null ? 0 : response.status(), 1, Integer::sum);
    if (response != null && response.status() >= 400 && response.status() < 500 && response.status() != 401 && response.status() != 403) {
      Set<String> reasons = validRefusals.computeIfAbsent(r.operationId(), k -> new TreeSet<>());
      String detail = response.status() + " " + detail(response);
      if (reasons.size() < 4) reasons.add(detail);
    }
  }

  synchronized void add(Finding f) {
    Group g = groups.computeIfAbsent(f.group(), k -> new Group(f, new AtomicInteger(), new TreeSet<>(), new TreeSet<>()));
    g.count().incrementAndGet();
    g.operations().add(f.request().operationId());
    if (!f.variant().isEmpty() && g.variants().size() < 20) g.variants().add(Strings.abbreviate(f.variant(), 120));
  }

  synchronized boolean isEmpty() {
    return groups.isEmpty();
  }

  synchronized int responses() {
    return responses;
  }

  /** Status counts per kind of request, and per operation for the valid ones. */
  synchronized String statistics() {
    StringBuilder b = new StringBuilder("Statuses by kind of request:\n");
    statuses.forEach((kind, counts) -> b.append(String.format("  %-9s %s%n", kind, counts)));
    b.append("Statuses of valid requests by operation (a 4xx may be a rule of the service, or a caller without the right):\n");
    List<String> never = new ArrayList<>();
    validByOperation.forEach((op, counts) -> {
      b.append(String.format("  %-22s %s%n", op, counts));
      if (counts.keySet().stream().noneMatch(s -> s >= 200 && s < 300)) never.add(op);
    });
    b.append("Operations without a 2xx to any valid request: ").append(never.isEmpty() ? "none" : never).append('\n');
    b.append("Why valid requests were refused (the service's own rules and state; samples):\n");
    validRefusals.forEach((op, reasons) -> reasons.forEach(r -> b.append(String.format("  %-22s %s%n", op, r))));
    return b.toString();
  }

  /** Every group with its count and first request and response. */
  synchronized String report(int maxBody) {
    StringBuilder b = new StringBuilder();
    Map<String, Integer> byCheck = new LinkedHashMap<>();
    groups.forEach((k, g) -> byCheck.merge(g.first().check(), g.count().get(), Integer::sum));
    b.append(groups.size()).append(" distinct findings ").append(byCheck).append("\n");
    int i = 0;
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      b.append(String.format("  #%-3d %5dx  %s%n", ++i, e.getValue().count().get(), e.getKey()));
    }
    int n = 0;
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      Finding f = e.getValue().first();
      b.append("\n#").append(++n).append(" [").append(e.getValue().count()).append("x] ").append(e.getKey()).append('\n');
      b.append("  operations: ").append(e.getValue().operations()).append('\n');
      if (!e.getValue().variants().isEmpty()) b.append("  values: ").append(e.getValue().variants()).append('\n');
      b.append("  first: ").append(f.request().operationId()).append(", ")
          .append(f.request().rule().isEmpty() ? "a valid request" : f.request().rule()).append('\n');
      if (f.detail() != null) b.append("  detail: ").append(Strings.abbreviate(f.detail(), 600)).append('\n');
      b.append("  request #").append(f.request().index()).append(":\n").append(indent(Strings.abbreviate(f.sent(), maxBody)));
      if (f.response() == null) {
        b.append("  response: none\n");
      } else {
        b.append("  response: ").append(f.response().status()).append(' ').append(f.response().header("Content-Type")).append('\n');
        b.append(indent(Strings.abbreviate(Strings.visible(f.response().body()), maxBody)));
      }
    }
    return b.toString();
  }

  private static String detail(Http.Response response) {
    try {
      io.vertx.core.json.JsonObject body = response.json();
      String detail = "OperationOutcome".equals(body.getString("resourceType"))
          ? body.getJsonArray("issue").getJsonObject(0).getString("diagnostics") : body.getString("detail");
      return Strings.abbreviate(detail, 160);
    } catch (RuntimeException notJson) {
      return "(no problem document)";
    }
  }

  private static String indent(String s) {
    return "    " + s.replace("\r\n", "\n").replace("\n", "\n    ").stripTrailing() + "\n";
  }
}
