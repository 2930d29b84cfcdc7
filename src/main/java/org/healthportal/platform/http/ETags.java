package org.healthportal.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** Entity tags and conditional GETs. */
public final class ETags {

  private ETags() {}

  /** A strong ETag derived from the exact bytes of a representation. */
  public static String ofBody(String body) {
    return ofBytes(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The same for an encoded body. */
  public static String ofBody(Buffer body) {
    return ofBytes(body.getBytes());
  }

  private static String ofBytes(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether an {@code If-None-Match} header value names {@code etag} (or is {@code *}). */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) return false;
    return Arrays.stream(ifNoneMatch.split(","))
        .map(String::trim)
        .map(t -> t.startsWith("W/") ? t.substring(2) : t)
        .anyMatch(t -> t.equals("*") || t.equals(etag));
  }

  /** Sends the JSON with its ETag, or 304 when the client already has it. */
  public static void sendJson(RoutingContext ctx, String json, String etag) {
    sendJson(ctx, Buffer.buffer(json), etag);
  }

  /** The same for an already encoded body (a cached one is sent as is, many times). */
  public static void sendJson(RoutingContext ctx, Buffer json, String etag) {
    if (ctx.response().ended()) return; // the response deadline answered already
    ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache");
    if (matches(ctx.request().getHeader("If-None-Match"), etag)) {
      ctx.response().setStatusCode(304).end();
    } else {
      ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(json);
    }
  }
}
