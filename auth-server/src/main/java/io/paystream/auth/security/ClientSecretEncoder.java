package io.paystream.auth.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Client-secret hashing for machine clients ({@code client_credentials}).
 *
 * <ul>
 *   <li>A secret of at least {@value #HIGH_ENTROPY_MIN_LENGTH} characters is stored as {@code
 *       {sha256}<salt>$<hash>}: 16 random salt bytes and SHA-256(salt ‖ UTF-8 secret), both Base64.
 *       Such secrets are generated (e.g. 128 random bits as 32 hex digits), so guessing one takes
 *       ~2¹²⁷ tries whatever the hash costs: a slow KDF adds nothing, and checking costs ~1 µs
 *       instead of BCrypt's ~50–100 ms, so a burst of first token requests from hundreds of
 *       terminals is not queued behind the CPU (issue 22).
 *   <li>A shorter secret may be human-chosen (the dev clients' {@code dev-pos-secret}): it keeps
 *       BCrypt ({@code {bcrypt}}), whose cost is what slows down guessing a weak secret.
 *   <li>Every stored form stays verifiable through a {@link DelegatingPasswordEncoder} ({@code
 *       {bcrypt}}, {@code {sha256}}), so secrets hashed before this scheme keep working.
 * </ul>
 *
 * Comparison is constant-time ({@link MessageDigest#isEqual}). {@link #upgradeEncoding} is always
 * {@code false}: the stored hash alone does not say whether the secret is long enough for {@code
 * {sha256}}, so an existing hash changes only when the secret is rotated. Thread-safe.
 */
public final class ClientSecretEncoder implements PasswordEncoder {

  /**
   * Shortest secret hashed with SHA-256: 32 characters (128 bits as hex, 192 as Base64). Length is
   * the only signal the server has of entropy; the admin API documents that secrets must be
   * generated.
   */
  public static final int HIGH_ENTROPY_MIN_LENGTH = 32;

  /** Id of the SHA-256 scheme in the stored {@code {id}} prefix. */
  public static final String SHA256_ID = "sha256";

  private static final String BCRYPT_ID = "bcrypt";

  private final DelegatingPasswordEncoder stored;
  private final PasswordEncoder bcrypt;
  private final PasswordEncoder sha256 = new SaltedSha256();

  public ClientSecretEncoder() {
    this.bcrypt = new BCryptPasswordEncoder();
    this.stored =
        new DelegatingPasswordEncoder(BCRYPT_ID, Map.of(BCRYPT_ID, bcrypt, SHA256_ID, sha256));
  }

  /**
   * The stored form of a secret: {@code {sha256}...} for ≥ {@value #HIGH_ENTROPY_MIN_LENGTH}
   * characters, else {@code {bcrypt}...}.
   */
  @Override
  public String encode(CharSequence rawSecret) {
    if (rawSecret != null && rawSecret.length() >= HIGH_ENTROPY_MIN_LENGTH) {
      return "{" + SHA256_ID + "}" + sha256.encode(rawSecret);
    }
    return "{" + BCRYPT_ID + "}" + bcrypt.encode(rawSecret);
  }

  /** Whether the secret matches a stored {@code {sha256}} or {@code {bcrypt}} form. */
  @Override
  public boolean matches(CharSequence rawSecret, String encodedSecret) {
    if (rawSecret == null || encodedSecret == null) {
      return false;
    }
    return stored.matches(rawSecret, encodedSecret);
  }

  @Override
  public boolean upgradeEncoding(String encodedSecret) {
    return false;
  }

  /** {@code <Base64 salt>$<Base64 SHA-256(salt ‖ secret)>}, compared in constant time. */
  static final class SaltedSha256 implements PasswordEncoder {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SALT_BYTES = 16;

    @Override
    public String encode(CharSequence rawSecret) {
      byte[] salt = new byte[SALT_BYTES];
      RANDOM.nextBytes(salt);
      Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
      return b64.encodeToString(salt) + "$" + b64.encodeToString(digest(salt, rawSecret));
    }

    @Override
    public boolean matches(CharSequence rawSecret, String encoded) {
      int dollar = encoded == null ? -1 : encoded.indexOf('$');
      if (rawSecret == null || dollar < 0) {
        return false;
      }
      try {
        byte[] salt = Base64.getDecoder().decode(encoded.substring(0, dollar));
        byte[] expected = Base64.getDecoder().decode(encoded.substring(dollar + 1));
        return MessageDigest.isEqual(expected, digest(salt, rawSecret));
      } catch (IllegalArgumentException malformed) {
        return false;
      }
    }

    private static byte[] digest(byte[] salt, CharSequence rawSecret) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(salt);
        return sha.digest(rawSecret.toString().getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JDK", e);
      }
    }
  }
}
