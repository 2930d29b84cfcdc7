package org.healthportal.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.healthportal.support.Http;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.healthportal.support.Poll;
import java.time.Duration;

/** Spans leave through OTLP/HTTP when a collector is configured, in the caller's trace. */
class TracingTest {

  private final TestEnv env = TestEnv.get();

  @Test
  void spansAreExportedOverOtlpInTheCallersTrace() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<byte[]> exports = new CopyOnWriteArrayList<>();
    List<String> contentTypes = new CopyOnWriteArrayList<>();
    // A stand-in collector: it records what the OTLP/HTTP exporter posts to /v1/traces.
    HttpServer collector = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (req.path().equals("/v1/traces")) {
        exports.add(body.getBytes());
        contentTypes.add(req.getHeader("Content-Type"));
      }
      req.response().setStatusCode(200).putHeader("Content-Type", "application/x-protobuf").end(Buffer.buffer());
    })).listen(0, "127.0.0.1").await();
    TestEnv.Instance instance = env.startApp(Map.of(
        "tracing.otlp-endpoint", "http://127.0.0.1:" + collector.actualPort() + "/v1/traces",
        "tracing.service-name", "health-portal-tracing-test"));
    try {
      String traceId = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
      Http.Response r = instance.http().send("GET", "/v1/regions?level=city", null, null, null,
          Map.of("traceparent", "00-" + traceId + "-b7ad6b7169203331-01"));
      assertThat(r.status()).isEqualTo(200);
      byte[] traceBytes = HexFormat.of().parseHex(traceId);
      Poll.until(() -> "an exported span carrying trace " + traceId + " (" + exports.size() + " exports)", Duration.ofSeconds(15),
          Duration.ofMillis(100), () -> exports.stream().anyMatch(b -> contains(b, traceBytes)));
      byte[] export = exports.stream().filter(b -> contains(b, traceBytes)).findFirst().orElseThrow();
      assertThat(contentTypes).allMatch(t -> t.startsWith("application/x-protobuf"));
      assertThat(contains(export, "health-portal-tracing-test".getBytes())).as("service.name resource attribute").isTrue();
      assertThat(contains(export, "GET /v1/regions".getBytes())).as("span named by method and route template").isTrue();
      assertThat(contains(export, HexFormat.of().parseHex("b7ad6b7169203331"))).as("the caller's span is the parent").isTrue();
    } finally {
      instance.stop();
      vertx.close().await();
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }
}
