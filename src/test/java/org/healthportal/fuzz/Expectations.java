package org.healthportal.fuzz;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;
import org.healthportal.fuzz.Findings.Finding;
import org.healthportal.support.Http;
import org.healthportal.support.LogCapture;

/** What every response must be; each miss becomes a {@link Finding}. */
final class Expectations {

  /** How the server words a refusal by the contract's request validation (ProblemHandler.fromValidation), not by its own rules. */
  private static final Pattern CONTRACT_VALIDATION =
      Pattern.compile("^(Invalid (query|path|header|cookie) parameter|Invalid request body|Can't decode)");

  /** Statuses of InvalidRequests (platform/http): the codec's refusals, before any routing. */
  private static final java.util.Set<Integer> READ_BY_NO_OPERATION = java.util.Set.of(400, 414, 431);

  private final Http http;
  private final LogCapture log;
  private final Findings findings;

  Expectations(Http http, LogCapture log, Findings findings) {
    this.http = http;
    this.log = log;
    this.findings = findings;
  }

  void check(FuzzRequest r, String sent, Http.Response response) {
    int status = response.status();
    if (status >= 500) findings.add(new Finding("5xx", r, sent, response, serverLog(response.header("X-Request-Id"))));
    if (r.mustReject() && status < 400) {
      findings.add(new Finding("not refused (" + (status / 100) + "xx)", r, sent, response, "a 4xx was required"));
    }
    // A request the HTTP codec could not read (request line or headers over the limits, a garbled
    // request line) never reaches the router, so no operation answers it: it is a problem document
    // on every path, /fhir included, and the operation's own responses do not apply.
    boolean unread = isFhir(r.target()) && READ_BY_NO_OPERATION.contains(status) && answeredBeforeRouting(response);
    if (status >= 400 && status < 500 && !unread) {
      try {
        // The fhir tag answers errors as FHIR does, with an OperationOutcome whose first issue's
        // diagnostics is the problem's detail; every other operation with a problem document.
        String detail = isFhir(r.target())
            ? response.operationOutcome(status).getJsonArray("issue").getJsonObject(0).getString("diagnostics")
            : response.problem(status).getString("detail");
        // A 400 of the service's own rules is fine for a valid request (an unknown region, a stale
        // cursor); one of the contract's validation is not: the request is valid by that contract.
        if (r.kind().equals("valid") && status == 400 && CONTRACT_VALIDATION.matcher(detail).find()) {
          findings.add(new Finding("valid request refused by the contract validation", r, sent, response, detail,
              detail.length() > 70 ? detail.substring(0, 70) + "…" : detail));
        }
      } catch (AssertionError | RuntimeException e) {
        findings.add(new Finding(isFhir(r.target()) ? "4xx is not an OperationOutcome" : "4xx is not a problem document", r, sent, response,
            e.getMessage()));
      }
    }
    String path = decodedPath(r.target());
    if (path == null || unread) return; // not a URI at all, or never routed: no operation to check against
    try {
      // One at a time: the contract's response validator is not known to be thread-safe.
      synchronized (http) {
        http.checkAgainstContract(r.method(), path, response);
      }
    } catch (AssertionError e) {
      findings.add(new Finding("response does not match the contract", r, sent, response, e.getMessage()));
    }
  }

  /** What the server logged for this request id (the cause of a 5xx), but its access line. */
  private String serverLog(String requestId) {
    if (requestId == null) return null;
    List<String> lines = log.lines();
    for (int i = lines.size() - 1; i >= Math.max(0, lines.size() - 5000); i--) {
      if (lines.get(i).contains(requestId) && !lines.get(i).contains("rid=")) return "server log: " + lines.get(i);
    }
    return null;
  }

  /** InvalidRequests' answer: a problem document without {@code instance} (the router's always has one). */
  private static boolean answeredBeforeRouting(Http.Response response) {
    if (!String.valueOf(response.header("Content-Type")).startsWith("application/problem+json")) return false;
    try {
      return !response.json().containsKey("instance");
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  private static boolean isFhir(String target) {
    String path = decodedPath(target);
    return path != null && path.startsWith("/fhir/");
  }

  private static String decodedPath(String target) {
    int q = target.indexOf('?');
    try {
      return new URI("http://localhost" + (q < 0 ? target : target.substring(0, q))).getPath();
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
