package org.healthportal.platform.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Requests that a decoder would choke on, refused with a 400 that names the part before anything
 * decodes them: Netty's query decoder throws on a bad escape, and PostgreSQL refuses to store NUL
 * (error 22021), so either would otherwise end in a 500. Checked:
 * <ul>
 *   <li>the path and the query string: every {@code %} starts a two-digit hex escape, the escapes
 *       decode to UTF-8, and nothing decodes to NUL;</li>
 *   <li>a JSON body: UTF-8, no {@code \u0000} escape and no half of a surrogate pair, which could
 *       not be stored either.</li>
 * </ul>
 */
final class MalformedRequests {

  private static final String CONSOLE = "/console/";

  private MalformedRequests() {}

  /** Checks the request target; first among the platform handlers after the request id is assigned. */
  static PlatformHandler uriGuard() {
    return ctx -> {
      Problem problem = ofUri(ctx.request().uri());
      // No API operation takes a form: a form parser would decode (and choke on) a body before any check
      // ran. The staff console's pages post plain forms, checked once read (bodyGuard).
      String type = RequestMediaTypes.mediaType(ctx.request().getHeader("Content-Type"));
      boolean consoleForm = "application/x-www-form-urlencoded".equals(type) && ctx.request().path().startsWith(CONSOLE);
      if (problem == null && !consoleForm && ("application/x-www-form-urlencoded".equals(type) || "multipart/form-data".equals(type))) {
        problem = Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "problem.unsupported-media-type");
      }
      if (problem != null) ctx.fail(problem);
      else ctx.next();
    };
  }

  /** Checks a JSON body, or a console form, once it has been read (after the size-capped body handler). */
  static Handler<RoutingContext> bodyGuard() {
    return ctx -> {
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      String type = ctx.request().getHeader("Content-Type");
      if (body != null && ctx.request().path().startsWith(CONSOLE) && "application/x-www-form-urlencoded".equals(RequestMediaTypes.mediaType(type))) {
        // A form's pairs follow the query string's rules: clean escapes, UTF-8, no NUL.
        Problem form = ofUri("/?" + body.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
        if (form != null) ctx.fail(form);
        else ctx.next();
        return;
      }
      Problem problem = body == null || body.length() == 0 || type == null || !type.toLowerCase(java.util.Locale.ROOT).contains("json")
          ? null : ofJsonBody(body);
      if (problem != null) ctx.fail(problem);
      else ctx.next();
    };
  }

  /** The problem with a request target ({@code /path?query}), or null when it decodes cleanly. */
  static Problem ofUri(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Text reason = decodeProblem(path);
    if (reason != null) return Problem.validation(Text.of("malformed.path", reason), List.of(new Problem.FieldError("path", "path", reason)));
    if (q < 0) return null;
    for (String pair : uri.substring(q + 1).split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      Text nameReason = decodeProblem(name);
      if (nameReason != null) {
        return Problem.validation(Text.of("malformed.query", nameReason), List.of(new Problem.FieldError("query", "query", nameReason)));
      }
      Text valueReason = eq < 0 ? null : decodeProblem(pair.substring(eq + 1));
      if (valueReason != null) return Problem.validation(List.of(new Problem.FieldError(safeName(name), "query", valueReason)));
    }
    return null;
  }

  /** The problem with a JSON body, or null when it can be stored as it is. */
  static Problem ofJsonBody(Buffer body) {
    byte[] bytes = body.getBytes();
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return bodyProblem(Text.of("malformed.body-utf8"));
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) return bodyProblem(Text.of("malformed.nul"));
      if (c != '\\' || i + 1 >= text.length()) continue;
      char next = text.charAt(i + 1);
      if (next != 'u' || i + 6 > text.length()) {
        i++; // an escape such as \" or \\: its second character is not the start of another escape
        continue;
      }
      int unit = hex(text, i + 2);
      if (unit == 0) return bodyProblem(Text.of("malformed.nul"));
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        boolean paired = i + 12 <= text.length() && text.charAt(i + 6) == '\\' && text.charAt(i + 7) == 'u'
            && hex(text, i + 8) >= 0xDC00 && hex(text, i + 8) <= 0xDFFF;
        if (!paired) return bodyProblem(Text.of("malformed.surrogate", "\\u" + text.substring(i + 2, i + 6)));
        i += 11;
        continue;
      }
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        return bodyProblem(Text.of("malformed.surrogate", "\\u" + text.substring(i + 2, i + 6)));
      }
      i += 5;
    }
    return strictJsonProblem(bytes);
  }

  /** JSON as RFC 8259 has it: no comments, single quotes or trailing content, which a lenient parser would accept. */
  private static Problem strictJsonProblem(byte[] bytes) {
    try (JsonParser parser = STRICT_JSON.createParser(bytes)) {
      int depth = 0;
      boolean rootDone = false;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (rootDone) return bodyProblem(Text.of("rule.body.json"));
        if (token.isStructStart()) depth++;
        if (token.isStructEnd()) depth--;
        if (depth == 0) rootDone = true;
      }
      return null;
    } catch (java.io.IOException e) {
      return bodyProblem(Text.of("rule.body.json"));
    }
  }

  /** Jackson's defaults are strict; the features that would relax them are never enabled here. */
  private static final JsonFactory STRICT_JSON = JsonFactory.builder()
      .disable(com.fasterxml.jackson.core.StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private static Problem bodyProblem(Text why) {
    return Problem.validation(List.of(new Problem.FieldError("body", "body", why)));
  }

  /** The four hex digits at {@code from} as a number, or -1. */
  private static int hex(String s, int from) {
    if (from + 4 > s.length()) return -1;
    int value = 0;
    for (int i = from; i < from + 4; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) return -1;
      value = value * 16 + d;
    }
    return value;
  }

  /** Why a percent-encoded component cannot be decoded, or null if it can. */
  static Text decodeProblem(String component) {
    // Most components escape nothing beyond ASCII: checked without decoding (every request's query goes through here).
    boolean escapesBeyondAscii = false;
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c == 0) return Text.of("malformed.nul");
      if (c != '%') continue;
      if (i + 2 >= component.length() || Character.digit(component.charAt(i + 1), 16) < 0 || Character.digit(component.charAt(i + 2), 16) < 0) {
        return Text.of("malformed.percent");
      }
      int b = Character.digit(component.charAt(i + 1), 16) * 16 + Character.digit(component.charAt(i + 2), 16);
      if (b == 0) return Text.of("malformed.nul");
      escapesBeyondAscii |= b >= 0x80;
      i += 2;
    }
    return escapesBeyondAscii ? utf8Problem(component) : null;
  }

  /** Whether the escaped bytes of a component whose escapes are otherwise well formed decode as UTF-8. */
  private static Text utf8Problem(String component) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c != '%') {
        bytes.write(c < 0x80 ? c : '?'); // a raw non-ASCII character in a URI: kept as text, not as bytes
        continue;
      }
      bytes.write(Character.digit(component.charAt(i + 1), 16) * 16 + Character.digit(component.charAt(i + 2), 16));
      i += 2;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
      return null;
    } catch (CharacterCodingException e) {
      return Text.of("malformed.utf8");
    }
  }

  /** A parameter name as far as it can be shown: escapes that do decode are left as they are. */
  private static String safeName(String name) {
    return name.length() > 64 ? name.substring(0, 64) + "…" : name;
  }
}
