package io.paystream.verification.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * verification-api settings ({@code paystream.verification.*}).
 *
 * @param codeKey base64 HMAC-SHA-256 key (≥ 32 bytes decoded) under which codes are stored; from
 *     the environment ({@code PAYSTREAM_VERIFICATION_CODE_KEY}), never committed for production
 * @param validity how long a code is valid; default 5 min, at most 10 min (NIST SP 800-63B)
 * @param maxFailedAttempts wrong codes before the challenge is {@code LOCKED}; default 5
 * @param holdMargin answers stop this long before fds-service's hold deadline ({@code
 *     holdExpiresAt} of the request), so the result reaches fds before it expires the payment;
 *     default 1 min
 * @param customerClaim the JWT claim holding the customer id of an in-app token; default {@code
 *     customer_id}
 * @param sms the SMS provider webhook and send limits
 * @param sweeper the expiry sweeper
 */
@Validated
@ConfigurationProperties("paystream.verification")
public record VerificationProperties(
    @NotBlank String codeKey,
    @DefaultValue("5m") @NotNull Duration validity,
    @DefaultValue("5") @Min(1) int maxFailedAttempts,
    @DefaultValue("1m") @NotNull Duration holdMargin,
    @DefaultValue("customer_id") @NotBlank String customerClaim,
    @Valid @NotNull Sms sms,
    @DefaultValue @Valid @NotNull Sweeper sweeper) {

  /**
   * The Twilio-compatible provider.
   *
   * @param accountSid the account whose callbacks are accepted ({@code AccountSid} form field)
   * @param authToken the account's auth token, key of {@code X-Twilio-Signature}; an empty token
   *     refuses to start (it would make every signature forgeable)
   * @param publicBaseUrl scheme://host[:port] the provider calls (what it signs); required outside
   *     the dev and test profiles (the service refuses to start without it) and by the Helm chart;
   *     empty = rebuild it from a trusted proxy's forwarded headers or the request
   * @param trustedProxies regular expression the immediate peer's IP address must fully match for
   *     its {@code X-Forwarded-Proto/Host/Port} to rebuild the public URL (used only without {@code
   *     publicBaseUrl}); default empty: no peer is trusted
   * @param resendInterval minimum time between a phone's resends and help messages; default 1 min
   * @param dailyCap SMS per phone per UTC day; default 10
   */
  public record Sms(
      String accountSid,
      @NotBlank String authToken,
      URI publicBaseUrl,
      String trustedProxies,
      @DefaultValue("1m") @NotNull Duration resendInterval,
      @DefaultValue("10") @Min(1) int dailyCap) {}

  /**
   * @param interval how often open challenges past their validity are expired; default 5 s
   * @param batchSize challenges per sweep transaction; default 100
   */
  public record Sweeper(
      @DefaultValue("5s") @NotNull Duration interval, @DefaultValue("100") @Min(1) int batchSize) {}
}
