package org.healthportal.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line, for log collectors: {@code time}, {@code level}, {@code logger},
 * {@code thread}, {@code message}, then the request's fields from the MDC ({@code requestId},
 * {@code traceId}, {@code route}, {@code status}, {@code latencyMs}, {@code client}) and any
 * key-value pairs, then {@code error} with the stack trace. Flat keys, so a query needs no nesting.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] NOTHING = new byte[0];
  private final JsonFactory json = new JsonFactory();

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      for (Map.Entry<String, String> field : event.getMDCPropertyMap().entrySet()) {
        writeField(g, field.getKey(), field.getValue());
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          writeField(g, pair.key, pair.value == null ? null : String.valueOf(pair.value));
        }
      }
      IThrowableProxy error = event.getThrowableProxy();
      if (error != null) g.writeStringField("error", ThrowableProxyUtil.asString(error));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Numbers stay numbers (status, latency), so collectors can compare them. */
  private static void writeField(JsonGenerator g, String key, String value) throws IOException {
    if (value != null && !value.isEmpty() && value.length() < 19 && value.chars().allMatch(Character::isDigit)) {
      g.writeNumberField(key, Long.parseLong(value));
    } else {
      g.writeStringField(key, value);
    }
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }
}
