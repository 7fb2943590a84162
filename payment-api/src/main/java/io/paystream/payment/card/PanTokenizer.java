package io.paystream.payment.card;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed PAN tokenization: {@code token = keyId + "_" + base64url(HMAC-SHA-256(key, PAN))} (RFC 2104
 * HMAC, FIPS 180-4 SHA-256, RFC 4648 §5 base64url without padding). Deterministic, so the same card
 * always gets the same token under one key; not reversible without brute force over the PAN space,
 * which the secret key prevents. Several keys may be configured for rotation: new tokens use the
 * active key, lookups try every key ({@link #candidateTokens(Pan)}).
 */
public final class PanTokenizer {

  /** Shape of a card token: a key id, an underscore, 43 base64url characters. */
  public static final Pattern TOKEN_PATTERN = Pattern.compile("[a-z0-9]{1,16}_[A-Za-z0-9_-]{43}");

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String activeKeyId;
  private final Map<String, SecretKeySpec> keys;

  /**
   * @param activeKeyId the key id used for new tokens; must be in {@code keys}
   * @param keys key id (lower-case letters/digits, ≤ 16) → secret (at least 32 bytes)
   */
  public PanTokenizer(String activeKeyId, Map<String, byte[]> keys) {
    Objects.requireNonNull(activeKeyId, "activeKeyId");
    if (!keys.containsKey(activeKeyId)) {
      throw new IllegalArgumentException("active key id " + activeKeyId + " has no key");
    }
    Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
    specs.put(activeKeyId, spec(activeKeyId, keys.get(activeKeyId)));
    keys.forEach(
        (id, secret) -> {
          if (!id.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException("key id must be 1-16 lower-case letters/digits");
          }
          specs.putIfAbsent(id, spec(id, secret));
        });
    this.activeKeyId = activeKeyId;
    this.keys = Map.copyOf(specs);
  }

  private static SecretKeySpec spec(String id, byte[] secret) {
    if (secret == null || secret.length < 32) {
      throw new IllegalArgumentException("key " + id + " must have at least 32 bytes");
    }
    return new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** Tokenizes with the active key. */
  public TokenizedCard tokenize(Pan pan) {
    return new TokenizedCard(token(activeKeyId, pan), pan.bin(), pan.lastFour());
  }

  /** The PAN's token under every configured key, the active key's first. */
  public List<String> candidateTokens(Pan pan) {
    List<String> tokens = new ArrayList<>();
    tokens.add(token(activeKeyId, pan));
    for (String id : keys.keySet()) {
      if (!id.equals(activeKeyId)) {
        tokens.add(token(id, pan));
      }
    }
    return tokens;
  }

  /** The id of the key new tokens are made with. */
  public String activeKeyId() {
    return activeKeyId;
  }

  private String token(String keyId, Pan pan) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(keys.get(keyId));
      byte[] digest = mac.doFinal(pan.digits().getBytes(StandardCharsets.US_ASCII));
      return keyId + "_" + BASE64URL.encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
