package org.healthportal.platform.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiCipherTest {

  private static final byte[] K1 = random(32);
  private static final byte[] K2 = random(32);
  private static final byte[] HASH = random(32);

  @Test
  void roundTripsWithARandomNonceAndTheKeyId() {
    PiiCipher cipher = new PiiCipher(Map.of("k1", K1), "k1", HASH);
    String a = cipher.encrypt("11010519491231002X");
    String b = cipher.encrypt("11010519491231002X");
    assertThat(a).startsWith("k1:").isNotEqualTo(b).doesNotContain("11010519491231002X");
    assertThat(cipher.decrypt(a)).isEqualTo("11010519491231002X");
  }

  @Test
  void keysRotateWithoutLosingOldValues() {
    String old = new PiiCipher(Map.of("k1", K1), "k1", HASH).encrypt("13812345678");
    PiiCipher rotated = new PiiCipher(Map.of("k1", K1, "k2", K2), "k2", HASH);
    assertThat(rotated.decrypt(old)).isEqualTo("13812345678");
    assertThat(rotated.needsRotation(old)).isTrue();
    String fresh = rotated.encrypt("13812345678");
    assertThat(fresh).startsWith("k2:");
    assertThat(rotated.needsRotation(fresh)).isFalse();
  }

  @Test
  void tamperingOrRelabellingIsDetected() {
    PiiCipher cipher = new PiiCipher(Map.of("k1", K1, "k2", K1), "k1", HASH);
    String value = cipher.encrypt("secret");
    byte[] sealed = java.util.Base64.getDecoder().decode(value.substring(3));
    sealed[sealed.length - 1] ^= 0x01;
    String tampered = "k1:" + java.util.Base64.getEncoder().encodeToString(sealed);
    assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
    // Same key bytes under another id: the id is authenticated too.
    assertThatThrownBy(() -> cipher.decrypt("k2" + value.substring(2))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aThreadsKeptCipherServesEveryKeyAndOutlivesAFailure() {
    PiiCipher a = new PiiCipher(Map.of("k1", K1), "k1", HASH);
    PiiCipher b = new PiiCipher(Map.of("k1", K2), "k1", HASH);
    String fromA = a.encrypt("11010519491231002X");
    String fromB = b.encrypt("13812345678");
    // Same id, other key bytes: the kept cipher must not keep A's key for B.
    assertThatThrownBy(() -> b.decrypt(fromA)).isInstanceOf(IllegalStateException.class);
    assertThat(a.decrypt(fromA)).isEqualTo("11010519491231002X");
    assertThat(b.decrypt(fromB)).isEqualTo("13812345678");
    for (int i = 0; i < 100; i++) assertThat(a.decrypt(a.encrypt("v" + i))).isEqualTo("v" + i);
  }

  @Test
  void lookupHashesAreStableAndKeyed() {
    PiiCipher one = new PiiCipher(Map.of("k1", K1), "k1", HASH);
    PiiCipher other = new PiiCipher(Map.of("k1", K1), "k1", random(32));
    assertThat(one.lookupHash("x")).isEqualTo(one.lookupHash("x")).isNotEqualTo(other.lookupHash("x"));
  }

  @Test
  void masksKeepOnlyWhatIdentifiesToThePerson() {
    assertThat(Masking.idNumber("11010519491231002X")).isEqualTo("110105********002X");
    assertThat(Masking.phone("138-1234-5678")).isEqualTo("138****5678");
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
