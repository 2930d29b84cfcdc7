package org.healthportal.fuzz;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One generated request, exactly as it goes on the wire but for two values only known at send time:
 * the bearer token of {@code principal} and, when {@code etagOf} is set, the current ETag of that
 * path as {@code If-Match}.
 *
 * @param kind "valid", "invalid" or "malformed"
 * @param rule what was done to the request (for invalid and malformed ones), e.g. "query limit: above maximum"
 * @param mustReject true when only a 4xx is acceptable; false when any status but 5xx is
 * @param target the raw request-target (path and query), never re-encoded
 */
record FuzzRequest(int index, String operationId, String kind, String rule, boolean mustReject,
    String method, String target, List<String[]> headers, String principal, String etagOf, byte[] body) {

  private static final Pattern DETAIL = Pattern.compile("\\s*\\(([^()]*)\\)$");

  /** The group a finding belongs to: the rule without its particulars (the part in parentheses at the end). */
  String ruleGroup() {
    return DETAIL.matcher(rule).replaceAll("");
  }

  /** The particulars of the rule: which value, which parameter. */
  String variant() {
    Matcher m = DETAIL.matcher(rule);
    return m.find() ? m.group(1) : "";
  }
}
