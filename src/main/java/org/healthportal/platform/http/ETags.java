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

  /** Each thread's chunk for hashing a buffer: a search page is hashed once per request, without a copy of its own. */
  private static final ThreadLocal<byte[]> CHUNK = ThreadLocal.withInitial(() -> new byte[8192]);

  /** The same for an encoded body. */
  public static String ofBody(Buffer body) {
    MessageDigest sha256 = sha256();
    byte[] chunk = CHUNK.get();
    for (int at = 0; at < body.length(); at += chunk.length) {
      int end = Math.min(body.length(), at + chunk.length);
      body.getBytes(at, end, chunk, 0);
      sha256.update(chunk, 0, end - at);
    }
    return tag(sha256.digest());
  }

  private static String ofBytes(byte[] body) {
    return tag(sha256().digest(body));
  }

  private static String tag(byte[] digest) {
    return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
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
