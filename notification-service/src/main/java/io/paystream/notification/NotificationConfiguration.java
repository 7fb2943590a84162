package io.paystream.notification;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.notification.contact.CachedContactDirectory;
import io.paystream.notification.contact.ContactDirectory;
import io.paystream.notification.contact.ContactRepository;
import io.paystream.notification.delivery.DeliveryRepository;
import io.paystream.notification.delivery.DeliveryService;
import io.paystream.notification.provider.ResilientProvider;
import io.paystream.notification.provider.email.EmailProperties;
import io.paystream.notification.provider.email.SmtpEmailClient;
import io.paystream.notification.provider.push.FcmAccessTokens;
import io.paystream.notification.provider.push.FcmPushClient;
import io.paystream.notification.provider.push.PushProperties;
import io.paystream.notification.provider.push.ServiceAccountAccessTokens;
import io.paystream.notification.provider.sms.SmsProperties;
import io.paystream.notification.provider.sms.TwilioSmsClient;
import io.paystream.notification.quiet.QuietHours;
import io.paystream.notification.quiet.QuietHoursPolicy;
import io.paystream.notification.template.TemplateRenderer;
import io.paystream.platform.cache.ReactiveCacheAsideFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

/** Wires templates, quiet hours, the resilient providers and the delivery service. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({
  NotificationProperties.class,
  SmsProperties.class,
  PushProperties.class,
  EmailProperties.class
})
public class NotificationConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  TemplateRenderer templateRenderer(NotificationProperties properties) {
    return new TemplateRenderer(properties.languages(), properties.defaultLanguage());
  }

  @Bean
  QuietHoursPolicy quietHoursPolicy(NotificationProperties properties) {
    Map<String, QuietHours> byLanguage = new LinkedHashMap<>();
    properties
        .quietHours()
        .forEach((lang, w) -> byLanguage.put(lang, new QuietHours(w.start(), w.end(), w.zone())));
    return new QuietHoursPolicy(byLanguage, properties.alwaysUrgentTemplates());
  }

  @Bean
  RetryRegistry providerRetryRegistry(MeterRegistry meters) {
    RetryRegistry registry = RetryRegistry.ofDefaults();
    TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(meters);
    return registry;
  }

  @Bean
  CircuitBreakerRegistry providerCircuitBreakerRegistry(MeterRegistry meters) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    return registry;
  }

  @Bean
  RateLimiterRegistry providerRateLimiterRegistry(MeterRegistry meters) {
    RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(registry).bindTo(meters);
    return registry;
  }

  @Bean
  ResilientProvider smsProvider(
      WebClient.Builder webClients,
      SmsProperties sms,
      RetryRegistry retries,
      CircuitBreakerRegistry breakers,
      RateLimiterRegistry limiters) {
    return new ResilientProvider(
        new TwilioSmsClient(webClients.clone(), sms),
        sms.resilience(),
        retries,
        breakers,
        limiters);
  }

  /**
   * FCM bearer tokens: minted from the service-account key when one is configured, else the fixed
   * sandbox token.
   *
   * @throws java.io.UncheckedIOException if the key cannot be read (the service does not start)
   */
  @Bean
  FcmAccessTokens fcmAccessTokens(PushProperties push, ResourceLoader resources)
      throws IOException {
    if (!push.hasServiceAccountKey()) {
      return FcmAccessTokens.fixed(push.accessToken());
    }
    try (InputStream key =
        ServiceAccountAccessTokens.openKey(push.serviceAccountKey(), resources)) {
      return new ServiceAccountAccessTokens(key, push.tokenUriOverride());
    }
  }

  @Bean
  ResilientProvider pushProvider(
      WebClient.Builder webClients,
      PushProperties push,
      FcmAccessTokens tokens,
      RetryRegistry retries,
      CircuitBreakerRegistry breakers,
      RateLimiterRegistry limiters) {
    return new ResilientProvider(
        new FcmPushClient(webClients.clone(), push, tokens),
        push.resilience(),
        retries,
        breakers,
        limiters);
  }

  @Bean
  ResilientProvider emailProvider(
      ObjectProvider<JavaMailSender> mail,
      EmailProperties email,
      RetryRegistry retries,
      CircuitBreakerRegistry breakers,
      RateLimiterRegistry limiters) {
    return new ResilientProvider(
        new SmtpEmailClient(mail.getObject(), email),
        email.resilience(),
        retries,
        breakers,
        limiters);
  }

  /**
   * Contacts through Redis cache-aside when the platform's cache helper is configured (it is
   * whenever {@code spring.data.redis.*} is), else straight from the registry view.
   */
  @Bean
  ContactDirectory contactDirectory(
      ContactRepository contacts, ObjectProvider<ReactiveCacheAsideFactory> caches) {
    ReactiveCacheAsideFactory factory = caches.getIfAvailable();
    return factory == null
        ? contacts::findByCustomerId
        : new CachedContactDirectory(contacts, factory);
  }

  @Bean
  TransactionalOperator transactionalOperator(ReactiveTransactionManager transactions) {
    return TransactionalOperator.create(transactions);
  }

  @Bean
  DeliveryService deliveryService(
      DeliveryRepository deliveries,
      ContactDirectory contacts,
      TemplateRenderer templates,
      QuietHoursPolicy quietHours,
      List<ResilientProvider> providers,
      TransactionalOperator transactions,
      Clock clock,
      MeterRegistry meters) {
    return new DeliveryService(
        deliveries, contacts, templates, quietHours, providers, transactions, clock, meters);
  }
}
