package io.paystream.simulator.cardholder;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's webhook signature ({@code X-Twilio-Signature}): Base64 of HMAC-SHA1, keyed with the
 * account's auth token, over the full public URL followed by every POST parameter name and value
 * concatenated, sorted by name (Twilio, "Webhooks security", and its reference {@code
 * RequestValidator}).
 */
public final class TwilioSignature {

  private TwilioSignature() {}

  /** The signature of a form POST to {@code url}. */
  public static String sign(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
