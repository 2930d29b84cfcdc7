package org.healthportal.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.healthportal.support.Http;

/**
 * HTTP/1.1 over a plain socket, writing the request-target verbatim: {@code java.net.URI} (and so
 * {@code java.net.http}) refuses {@code %zz} and the like before anything is sent. One keep-alive
 * connection per instance, reopened when the server closes it.
 */
final class RawHttp implements Closeable {

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** The request exactly as written to the socket (the body after the blank line). */
  static byte[] serialize(String method, String target, List<String[]> headers, byte[] body, String hostHeader) {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(hostHeader).append("\r\n");
    for (String[] h : headers) head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) bytes.writeBytes(body);
    return bytes.toByteArray();
  }

  String hostHeader() {
    return host + ":" + port;
  }

  /** Sends the request and reads the whole response; retries once on a fresh connection if a kept-alive one was closed. */
  Http.Response send(String method, byte[] request) throws IOException {
    boolean reused = socket != null;
    try {
      return exchange(method, request);
    } catch (IOException e) {
      close();
      if (!reused) throw e;
      return exchange(method, request);
    }
  }

  private Http.Response exchange(String method, byte[] request) throws IOException {
    if (socket == null) {
      socket = new Socket(host, port);
      socket.setSoTimeout(20_000);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }
    // In slices: the server may answer (413, 431) and close before reading all of a large request,
    // and an answer already there is read rather than lost to a reset connection.
    int written = 0;
    try {
      while (written < request.length && in.available() == 0) {
        int n = Math.min(16 * 1024, request.length - written);
        out.write(request, written, n);
        out.flush();
        written += n;
      }
    } catch (IOException e) {
      if (in.available() <= 0) throw e;
    }
    String statusLine = line();
    if (statusLine == null) throw new EOFException("connection closed before a response");
    int status;
    Map<String, String> headers = new HashMap<>();
    byte[] body;
    try {
      status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      for (String l = line(); l != null && !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(), (a, b) -> a + "," + b);
      }
      // A stream of server-sent events never ends: its answer is its status and headers.
      boolean eventStream = String.valueOf(headers.get("content-type")).startsWith("text/event-stream");
      if (method.equals("HEAD") || status == 204 || status == 304 || status < 200 || eventStream) body = new byte[0];
      else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = chunked();
      else if (headers.containsKey("content-length")) body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      else body = in.readAllBytes();
    } catch (RuntimeException notHttp) {
      close();
      throw new IOException("not an HTTP response: " + statusLine, notHttp);
    }
    // Not reusable: the server said so, or it answered before reading the whole request (the rest
    // would be taken as the next request), or it refused the request's framing.
    if ("close".equalsIgnoreCase(headers.get("connection")) || written < request.length
        || String.valueOf(headers.get("content-type")).startsWith("text/event-stream") || status == 413 || status == 414 || status == 431
        || !headers.containsKey("content-length") && !headers.containsKey("transfer-encoding")) {
      close();
    }
    return new Http.Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      if (size == null) throw new EOFException("connection closed inside a chunked body");
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) { /* trailers */ }
        return body.toByteArray();
      }
      body.writeBytes(in.readNBytes(n));
      line();
    }
  }

  /** A CRLF-terminated line (ISO-8859-1), or null at the end of the stream. */
  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') return b.toString().endsWith("\r") ? b.substring(0, b.length() - 1) : b.toString();
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    socket = null;
  }
}
