package org.healthportal.platform.pii;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption of personal data at rest (PIPL Art. 51): AES-256-GCM with a random nonce, the key id
 * stored with each value so keys can rotate, and a keyed hash (HMAC-SHA-256) for lookups, so a
 * value is never searched by its plaintext.
 *
 * <p>Stored form: {@code keyId:base64(nonce || ciphertext+tag)}. The key id is also bound into the
 * authentication tag, so a value cannot be moved to another key id undetected.
 */
public final class PiiCipher {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Map<String, SecretKeySpec> keys;
  private final String activeKeyId;
  private final SecureRandom random = new SecureRandom();
  /**
   * One cipher per thread, initialised afresh for every value: {@code Cipher.getInstance} looks the
   * provider up, and a new cipher expands its key, every time; a kept cipher skips the expansion for
   * the key it used last. That was about 6 % of a signup's event-loop time, for one decryption.
   */
  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  });
  /** The same for the lookup hash: a kept Mac is reset by each {@code doFinal}, its key kept. */
  private final ThreadLocal<Mac> hmac;

  /**
   * @param keys 32-byte keys by id; old ids stay here as long as values encrypted with them exist
   * @param activeKeyId the key new values are encrypted with
   * @param hashKey the HMAC key of lookup hashes (rotating it means recomputing every hash)
   */
  public PiiCipher(Map<String, byte[]> keys, String activeKeyId, byte[] hashKey) {
    if (!keys.containsKey(activeKeyId)) throw new IllegalArgumentException("No key with the active id " + activeKeyId);
    keys.forEach((id, k) -> {
      if (k.length != 32) throw new IllegalArgumentException("Key " + id + " must be 32 bytes");
      if (id.contains(":")) throw new IllegalArgumentException("Key id " + id + " must not contain ':'");
    });
    if (hashKey.length < 32) throw new IllegalArgumentException("The hash key must be at least 32 bytes");
    this.keys = Map.copyOf(keys.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new SecretKeySpec(e.getValue(), "AES"))));
    this.activeKeyId = activeKeyId;
    SecretKeySpec hashKeySpec = new SecretKeySpec(hashKey, "HmacSHA256");
    this.hmac = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(hashKeySpec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  public String encrypt(String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = GCM.get();
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Encryption failed", e);
    }
  }

  public String decrypt(String stored) {
    int colon = stored.indexOf(':');
    if (colon < 0) throw new IllegalArgumentException("Not an encrypted value");
    String keyId = stored.substring(0, colon);
    SecretKeySpec key = keys.get(keyId);
    if (key == null) throw new IllegalStateException("Unknown encryption key id " + keyId);
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
      Cipher cipher = GCM.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Decryption failed (tampered value or wrong key)", e);
    }
  }

  /** The keyed lookup hash of a normalised value. */
  public byte[] lookupHash(String normalised) {
    return hmac.get().doFinal(normalised.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code stored} was encrypted with an older key (worth re-encrypting). */
  public boolean needsRotation(String stored) {
    return !stored.startsWith(activeKeyId + ":");
  }
}
