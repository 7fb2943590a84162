package io.paystream.verification.config;

import io.paystream.verification.challenge.ChallengeRules;
import io.paystream.verification.challenge.OneTimeCodes;
import io.paystream.verification.challenge.SmsSendPolicy;
import io.paystream.verification.sms.PublicUrlResolver;
import io.paystream.verification.sms.TwilioSignatureValidator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
    return new ChallengeRules(properties.validity(), properties.maxFailedAttempts());
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

  @Bean
  PublicUrlResolver publicUrlResolver(VerificationProperties properties) {
    return new PublicUrlResolver(
        properties.sms().publicBaseUrl() == null
                || properties.sms().publicBaseUrl().toString().isBlank()
            ? null
            : properties.sms().publicBaseUrl(),
        properties.sms().trustForwardedHeaders());
  }

  @Bean
  TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
    return TransactionalOperator.create(transactionManager);
  }
}
