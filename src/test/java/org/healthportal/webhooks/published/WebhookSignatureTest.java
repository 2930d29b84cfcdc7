package org.healthportal.webhooks.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Signatures against the Standard Webhooks test vector, the one every reference library of
 * github.com/standard-webhooks/standard-webhooks checks its {@code sign} against (for example
 * libraries/go/webhook_test.go {@code TestWebhookSign}, libraries/python/tests/test_webhooks.py
 * {@code test_sign_function}).
 */
class WebhookSignatureTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final String PAYLOAD = "{\"test\": 2432232314}";
  private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void signsTheStandardWebhooksVector() {
    assertThat(WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP, PAYLOAD)).isEqualTo(EXPECTED);
  }

  /** Each part of the signed content counts: the id, the timestamp, every byte of the body, and the key. */
  @Test
  void anyChangeToWhatIsSignedChangesTheSignature() {
    assertThat(WebhookSignature.sign(SECRET, MSG_ID + "x", TIMESTAMP, PAYLOAD)).isNotEqualTo(EXPECTED);
    assertThat(WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP + 1, PAYLOAD)).isNotEqualTo(EXPECTED);
    assertThat(WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP, "{\"test\":2432232314}")).isNotEqualTo(EXPECTED);
    assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx", MSG_ID, TIMESTAMP, PAYLOAD)).isNotEqualTo(EXPECTED);
    // the vectors' "invalid signature": one bit off the valid one
    assertThat(WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP, PAYLOAD)).isNotEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=");
  }

  /** Multi-byte text is signed as its UTF-8 bytes, as every other implementation signs it. */
  @Test
  void bodiesAreSignedAsUtf8() throws Exception {
    String body = "{\"name\":\"泰山康养\"}";
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "HmacSHA256"));
    String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((MSG_ID + "." + TIMESTAMP + "." + body).getBytes("UTF-8")));
    assertThat(WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP, body)).isEqualTo(expected);
  }

  @Test
  void newSecretsAreWhsecWith32RandomBytes() {
    String a = WebhookSignature.newSecret();
    String b = WebhookSignature.newSecret();
    assertThat(a).startsWith("whsec_").isNotEqualTo(b);
    assertThat(Base64.getDecoder().decode(a.substring("whsec_".length()))).hasSize(32);
    // a fresh secret signs the vector's message as the standard says: v1, and 32 bytes of HMAC-SHA256 in base64
    assertThat(Base64.getDecoder().decode(WebhookSignature.sign(a, MSG_ID, TIMESTAMP, PAYLOAD).substring(3))).hasSize(32);
  }
}
