package io.paystream.verification.config;

import io.paystream.verification.challenge.ChallengeRules;
import io.paystream.verification.challenge.OneTimeCodes;
import io.paystream.verification.challenge.SmsSendPolicy;
import io.paystream.verification.sms.PublicUrlResolver;
import io.paystream.verification.sms.TwilioSignatureValidator;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Wires the plain-Java domain objects from {@link VerificationProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VerificationProperties.class)
public class VerificationConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  ChallengeRules challengeRules(VerificationProperties properties) {
    return new ChallengeRules(
        properties.validity(), properties.maxFailedAttempts(), properties.holdMargin());
  }

  @Bean
  OneTimeCodes oneTimeCodes(VerificationProperties properties) {
    return new OneTimeCodes(
        Base64.getDecoder().decode(properties.codeKey().strip()), new SecureRandom());
  }

  @Bean
  SmsSendPolicy smsSendPolicy(VerificationProperties properties) {
    return new SmsSendPolicy(properties.sms().resendInterval(), properties.sms().dailyCap());
  }

  @Bean
  TwilioSignatureValidator twilioSignatureValidator(VerificationProperties properties) {
    return new TwilioSignatureValidator(properties.sms().authToken());
  }

  /**
   * The URL the provider signed. Outside the dev and test profiles {@code
   * paystream.verification.sms.public-base-url} is required: without it the URL would come from the
   * request's {@code Host} header, which the caller chooses.
   *
   * @throws IllegalStateException naming the setting when it is missing outside dev and test
   */
  @Bean
  PublicUrlResolver publicUrlResolver(VerificationProperties properties, Environment environment) {
    URI base = properties.sms().publicBaseUrl();
    boolean configured = base != null && !base.toString().isBlank();
    if (!configured && !environment.acceptsProfiles(Profiles.of("dev | test"))) {
      throw new IllegalStateException(
          "paystream.verification.sms.public-base-url (PAYSTREAM_VERIFICATION_PUBLIC_BASE_URL)"
              + " is required outside the dev and test profiles: the URL the SMS provider signs,"
              + " e.g. https://api.example.com");
    }
    return new PublicUrlResolver(configured ? base : null, properties.sms().trustedProxies());
  }

  @Bean
  TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
    return TransactionalOperator.create(transactionManager);
  }
}
