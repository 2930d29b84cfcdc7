package org.healthportal.sdk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SDK's verifier against the Standard Webhooks test vector (the one the reference libraries of
 * github.com/standard-webhooks/standard-webhooks check), and against what it must refuse: a changed
 * id, timestamp, body or signature, another secret, an old or future timestamp, missing headers. A
 * real delivery from the server is verified in {@code WebhookTest}.
 */
class WebhookVerifierTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final String TS = String.valueOf(TIMESTAMP);
  private static final String BODY = "{\"test\": 2432232314}";
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static WebhookVerifier at(long epochSecond) {
    return new WebhookVerifier(SECRET, WebhookVerifier.DEFAULT_TOLERANCE, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }

  private final WebhookVerifier verifier = at(TIMESTAMP);

  @Test
  void signsAndAcceptsTheStandardWebhooksVector() {
    assertThat(verifier.sign(ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SIGNATURE);
    assertThatCode(() -> verifier.verify(ID, TS, SIGNATURE, BODY)).doesNotThrowAnyException();
    // the key without its whsec_ prefix is the same key
    assertThatCode(() -> new WebhookVerifier("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Duration.ofMinutes(5),
        Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC)).verify(ID, TS, SIGNATURE, BODY)).doesNotThrowAnyException();
  }

  @Test
  void acceptsWhenAnyOfSeveralSignaturesMatches() {
    // during a secret rotation, or with schemes it does not know (v1a), beside the right one
    String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,aGVsbG8= " + SIGNATURE;
    assertThatCode(() -> verifier.verify(ID, TS, header, BODY)).doesNotThrowAnyException();
  }

  @Test
  void readsHeadersInAnyCase() {
    Map<String, List<String>> headers = Map.of("Webhook-Id", List.of(ID), "WEBHOOK-TIMESTAMP", List.of(TS), "webhook-signature", List.of(SIGNATURE));
    assertThatCode(() -> verifier.verify(headers, BODY.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    assertThatThrownBy(() -> verifier.verify(Map.of("webhook-id", List.of(ID)), BODY.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("webhook-timestamp");
  }

  @Test
  void refusesATamperedDelivery() {
    refused(() -> verifier.verify(ID, TS, SIGNATURE, "{\"test\":2432232314}"), "No matching signature");
    refused(() -> verifier.verify(ID + "x", TS, SIGNATURE, BODY), "No matching signature");
    refused(() -> verifier.verify(ID, String.valueOf(TIMESTAMP + 1), SIGNATURE, BODY), "No matching signature");
    // the vectors' "invalid signature": one bit off
    refused(() -> verifier.verify(ID, TS, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", BODY), "No matching signature");
    refused(() -> verifier.verify(ID, TS, "v2," + SIGNATURE.substring(3), BODY), "No matching signature");
    refused(() -> verifier.verify(ID, TS, "v1,not base64!", BODY), "No matching signature");
    refused(() -> verifier.verify(ID, TS, "v1,", BODY), "No matching signature");
    refused(() -> new WebhookVerifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx", Duration.ofMinutes(5),
        Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC)).verify(ID, TS, SIGNATURE, BODY), "No matching signature");
  }

  @Test
  void refusesTimestampsOutsideTheTolerance() {
    long tolerance = WebhookVerifier.DEFAULT_TOLERANCE.toSeconds();
    assertThatCode(() -> at(TIMESTAMP + tolerance).verify(ID, TS, SIGNATURE, BODY)).doesNotThrowAnyException();
    assertThatCode(() -> at(TIMESTAMP - tolerance).verify(ID, TS, SIGNATURE, BODY)).doesNotThrowAnyException();
    refused(() -> at(TIMESTAMP + tolerance + 1).verify(ID, TS, SIGNATURE, BODY), "too old");
    refused(() -> at(TIMESTAMP - tolerance - 1).verify(ID, TS, SIGNATURE, BODY), "too new");
    refused(() -> verifier.verify(ID, "yesterday", SIGNATURE, BODY), "not a number");
  }

  @Test
  void refusesMissingParts() {
    refused(() -> verifier.verify(null, TS, SIGNATURE, BODY), "webhook-id");
    refused(() -> verifier.verify(ID, "", SIGNATURE, BODY), "webhook-timestamp");
    refused(() -> verifier.verify(ID, TS, null, BODY), "webhook-signature");
    refused(() -> verifier.verify(ID, TS, SIGNATURE, (String) null), "body");
    assertThatThrownBy(() -> new WebhookVerifier("whsec_%%%")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookVerifier("whsec_")).isInstanceOf(IllegalArgumentException.class);
  }

  private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
    assertThatThrownBy(call).isInstanceOf(WebhookVerificationException.class).hasMessageContaining(why);
  }
}
