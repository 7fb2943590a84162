package io.paystream.payment.card;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * PAN tokenization keys ({@code paystream.tokenization.*}); the secrets come from the environment
 * (a Kubernetes Secret), never from a committed file outside the dev profile.
 *
 * @param activeKeyId the key id new tokens are made with (it prefixes every token)
 * @param keys key id → base64-encoded HMAC-SHA-256 secret of at least 32 bytes; older ids stay
 *     listed after a rotation so cards registered under them are still found
 */
@Validated
@ConfigurationProperties("paystream.tokenization")
public record TokenizationProperties(
    @NotBlank String activeKeyId, @NotEmpty Map<String, String> keys) {

  @Override
  public String toString() {
    return "TokenizationProperties[activeKeyId=" + activeKeyId + ", keys=" + keys.keySet() + "]";
  }
}
