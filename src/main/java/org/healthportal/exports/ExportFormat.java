package org.healthportal.exports;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.MIMEHeader;
import java.util.List;
import java.util.stream.Collectors;

/** How rows are written: NDJSON or CSV. Each appends to a buffer, so rows are never kept. */
enum ExportFormat {

  NDJSON("ndjson", "application/x-ndjson") {
    @Override
    void appendHeader(Buffer out, List<String> columns) {
      // NDJSON has no header: every line names its fields.
    }

    @Override
    void appendRow(Buffer out, List<String> columns, List<Object> values) {
      JsonObject line = new JsonObject();
      for (int i = 0; i < columns.size(); i++) {
        Object v = values.get(i);
        line.put(columns.get(i), v instanceof List<?> list ? new JsonArray(new java.util.ArrayList<Object>(list)) : v);
      }
      out.appendBuffer(line.toBuffer()).appendByte((byte) '\n');
    }
  },

  CSV("csv", "text/csv") {
    @Override
    void appendHeader(Buffer out, List<String> columns) {
      appendRecord(out, columns);
    }

    @Override
    void appendRow(Buffer out, List<String> columns, List<Object> values) {
      appendRecord(out, values);
    }
  };

  private final String extension;
  private final String mediaType;

  ExportFormat(String extension, String mediaType) {
    this.extension = extension;
    this.mediaType = mediaType;
  }

  /** What goes before the first row. */
  abstract void appendHeader(Buffer out, List<String> columns);

  abstract void appendRow(Buffer out, List<String> columns, List<Object> values);

  String extension() {
    return extension;
  }

  /** The Content-Type of the response. */
  String contentType() {
    return this == CSV ? mediaType + "; charset=utf-8" : mediaType;
  }

  /**
   * The format asked for: the {@code format} query parameter (already checked against the
   * contract's enum) wins; otherwise the most preferred of our media types in Accept; otherwise
   * NDJSON. Other media types in Accept are ignored rather than refused with 406: a browser or a
   * download tool sending {@code text/html} or {@code *}{@code /*} still gets the data.
   */
  static ExportFormat negotiate(String query, List<MIMEHeader> acceptByPreference) {
    if (query != null) return query.equals("csv") ? CSV : NDJSON;
    for (MIMEHeader accepted : acceptByPreference) {
      String type = (accepted.component() + "/" + accepted.subComponent()).toLowerCase(java.util.Locale.ROOT);
      for (ExportFormat format : values()) {
        if (format.mediaType.equals(type)) return format;
      }
    }
    return NDJSON;
  }

  /**
   * One RFC 4180 record ending in CRLF: fields with a comma, a double quote, CR or LF are quoted
   * and their quotes doubled; null is an empty field; a list is its elements joined with {@code ;}
   * (the elements are codes and numbers, which never contain one).
   */
  private static void appendRecord(Buffer out, List<?> values) {
    StringBuilder line = new StringBuilder(256);
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) line.append(',');
      line.append(csvField(values.get(i)));
    }
    out.appendString(line.append("\r\n").toString());
  }

  static String csvField(Object value) {
    if (value == null) return "";
    String text = value instanceof List<?> list
        ? list.stream().map(String::valueOf).collect(Collectors.joining(";"))
        : value.toString();
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
