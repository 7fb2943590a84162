package io.paystream.verification.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Twilio's {@code X-Twilio-Signature} on a form-encoded webhook, following Twilio's
 * published algorithm (twilio.com/docs/usage/security#validating-requests, and the SDKs' {@code
 * RequestValidator}):
 *
 * <ol>
 *   <li>take the full public URL the provider called, including any query string;
 *   <li>append the POST parameters sorted by name (code-point order), each name immediately
 *       followed by its value(s) (several values of one name in sorted order), no delimiters;
 *   <li>HMAC-SHA1 that UTF-8 string with the account's auth token as key, and base64 it.
 * </ol>
 *
 * Like the SDKs, the URL is also tried with the scheme's default port added or removed, because
 * Twilio signs the URL as configured and proxies may add or drop {@code :443}. The comparison is
 * constant-time ({@link MessageDigest#isEqual}).
 *
 * <p>Written against the JDK instead of using {@code com.twilio.sdk:twilio}: the SDK's validator is
 * ~60 lines, but the artifact brings a Jackson 2 stack, Apache HttpClient and jjwt into a Jackson 3
 * WebFlux service for one HMAC.
 */
public final class TwilioSignatureValidator {

  /** The request header carrying the signature. */
  public static final String HEADER = "X-Twilio-Signature";

  private static final String ALGORITHM = "HmacSHA1";

  private final SecretKeySpec key;

  /**
   * @param authToken the account's auth token
   * @throws IllegalArgumentException if the token is blank: an empty key would let anyone sign
   */
  public TwilioSignatureValidator(String authToken) {
    if (authToken == null || authToken.isBlank()) {
      throw new IllegalArgumentException("the SMS provider auth token must not be empty");
    }
    this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /**
   * Whether {@code signature} is the provider's signature of this request.
   *
   * @param url the full public URL the provider called (scheme, host, optional port, path, query)
   * @param params the form parameters (name → values)
   * @param signature the {@code X-Twilio-Signature} header; {@code null}/blank never validates
   */
  public boolean validate(String url, Map<String, List<String>> params, String signature) {
    if (signature == null || signature.isBlank() || url == null) {
      return false;
    }
    byte[] expected = signature.strip().getBytes(StandardCharsets.US_ASCII);
    boolean valid = false;
    // evaluate every candidate so timing does not reveal which variant matched
    for (String candidate : urlVariants(url)) {
      byte[] actual = sign(candidate, params).getBytes(StandardCharsets.US_ASCII);
      valid |= MessageDigest.isEqual(actual, expected);
    }
    return valid;
  }

  /** The base64 HMAC-SHA1 signature of {@code url} + sorted {@code params}. */
  public String sign(String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(Objects.requireNonNull(url, "url"));
    for (Map.Entry<String, List<String>> entry : new TreeMap<>(params).entrySet()) {
      List<String> values = new ArrayList<>(entry.getValue());
      values.sort(null);
      for (String value : values) {
        data.append(entry.getKey()).append(value);
      }
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] raw = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(raw);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  /** The URL as given, plus it with the default port removed, or added when it had none. */
  static List<String> urlVariants(String url) {
    List<String> variants = new ArrayList<>(2);
    variants.add(url);
    try {
      URI uri = new URI(url);
      int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      int port = uri.getPort();
      URI other =
          new URI(
              uri.getScheme(),
              uri.getRawUserInfo(),
              uri.getHost(),
              port == -1 ? defaultPort : -1,
              uri.getRawPath(),
              null,
              null);
      String rebuilt = other.toString();
      if (uri.getRawQuery() != null) {
        rebuilt += "?" + uri.getRawQuery();
      }
      variants.add(rebuilt);
    } catch (URISyntaxException e) {
      // not a parsable URL: only the literal form can match
    }
    return variants;
  }
}
