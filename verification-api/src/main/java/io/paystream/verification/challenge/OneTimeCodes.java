package io.paystream.verification.challenge;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generates one-time codes and keeps them only as keyed hashes.
 *
 * <p>A code is {@value #DIGITS} decimal digits drawn uniformly from {@link SecureRandom} (NIST SP
 * 800-63B §5.1.3: at least 6 digits from an approved random bit generator). It is stored as
 * HMAC-SHA-256(key, challengeId ":" code) (RFC 2104): bound to its challenge so equal codes of two
 * challenges hash differently, and useless without the key even though the code space is only 10^6.
 * Verification recomputes the MAC and compares with {@link MessageDigest#isEqual} (constant time).
 */
public final class OneTimeCodes {

  /** Digits per code. */
  public static final int DIGITS = 6;

  /** Minimum HMAC key length in bytes (the hash output size, RFC 2104 §3). */
  public static final int MIN_KEY_BYTES = 32;

  private static final int BOUND = 1_000_000;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecureRandom random;
  private final SecretKeySpec key;

  /**
   * @param key HMAC key, at least {@value #MIN_KEY_BYTES} bytes
   * @param random the random source (a {@link SecureRandom}; tests may seed one)
   * @throws IllegalArgumentException if the key is too short
   */
  public OneTimeCodes(byte[] key, SecureRandom random) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "code HMAC key must be at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A fresh code, {@value #DIGITS} digits with leading zeros, uniform over 000000..999999. */
  public String newCode() {
    return String.format("%06d", random.nextInt(BOUND));
  }

  /** The keyed hash stored for {@code code} of challenge {@code challengeId}: 32 bytes. */
  public byte[] hash(UUID challengeId, String code) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal((challengeId + ":" + code).getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * Whether {@code code} is the code whose hash is {@code storedHash}, compared in constant time. A
   * burned code ({@code null} hash) never matches.
   */
  public boolean matches(UUID challengeId, String code, byte[] storedHash) {
    if (storedHash == null || code == null) {
      return false;
    }
    return MessageDigest.isEqual(hash(challengeId, code), storedHash);
  }
}
