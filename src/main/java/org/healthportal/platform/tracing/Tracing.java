package org.healthportal.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.healthportal.platform.config.AppConfig;

/**
 * W3C Trace Context for the service: an incoming {@code traceparent} continues the caller's trace,
 * a request without one starts a new trace, and outgoing calls carry the current one. Spans are
 * exported over OTLP/HTTP only when {@code tracing.otlp-endpoint} is set; the ids exist (and are
 * logged and propagated) either way. Each application instance has its own provider, never the
 * global one, so several instances can share a JVM (tests).
 */
public final class Tracing implements AutoCloseable {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider.get("org.healthportal");
  }

  public static Tracing create(AppConfig.Tracing config) {
    SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName()))))
        // Follow the caller's sampling decision; sample every new trace (the collector may sample tails).
        .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
        // The SDK makes no spans at all (not even ids) while it has no processor; this one keeps ids
        // coming for the logs and for propagation when nothing is exported.
        .addSpanProcessor(KEEP_IDS);
    config.otlpEndpoint().ifPresent(endpoint -> builder.addSpanProcessor(BatchSpanProcessor.builder(
            OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setTimeout(Duration.ofSeconds(5)).build())
        .setScheduleDelay(Duration.ofSeconds(1))
        .build()));
    return new Tracing(builder.build());
  }

  /**
   * Starts a span continuing the trace in {@code traceparent} (a W3C header value, or null for a
   * new trace). A malformed header starts a new trace, as the specification asks.
   */
  public Span start(String name, SpanKind kind, String traceparent) {
    Context parent = traceparent == null ? Context.root() : W3C.extract(Context.root(), traceparent, HEADER_VALUE);
    return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
  }

  /** The {@code traceparent} header value that hands {@code span}'s trace to the next service. */
  public static String traceparent(SpanContext span) {
    if (!span.isValid()) return null;
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }

  /** Sends buffered spans and stops the exporter (part of an orderly shutdown). */
  @Override
  public void close() {
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }

  private static final SpanProcessor KEEP_IDS = new SpanProcessor() {
    @Override
    public void onStart(io.opentelemetry.context.Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  };

  /** Reads the one header the propagator asks for from a bare value. */
  private static final TextMapGetter<String> HEADER_VALUE = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(String carrier) {
      return java.util.List.of("traceparent");
    }

    @Override
    public String get(String carrier, String key) {
      return "traceparent".equals(key) ? carrier : null;
    }
  };
}
