package io.paystream.payment;

import io.paystream.payment.card.PanTokenizer;
import io.paystream.payment.card.TokenizationProperties;
import io.paystream.payment.intake.PaymentProperties;
import io.paystream.payment.intake.PaymentRequestParser;
import io.paystream.payment.registry.RegistryCacheProperties;
import io.paystream.payment.registry.RegistryParsers;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the domain classes (which carry no Spring annotations) from typed settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  PaymentProperties.class,
  TokenizationProperties.class,
  RegistryCacheProperties.class
})
public class PaymentApiConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  PanTokenizer panTokenizer(TokenizationProperties properties) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    properties.keys().forEach((id, secret) -> keys.put(id, Base64.getDecoder().decode(secret)));
    return new PanTokenizer(properties.activeKeyId(), keys);
  }

  @Bean
  RegistryParsers registryParsers(PanTokenizer tokenizer) {
    return new RegistryParsers(tokenizer);
  }

  @Bean
  PaymentRequestParser paymentRequestParser(PaymentProperties properties, Clock clock) {
    return new PaymentRequestParser(
        clock,
        properties.maxFutureSkew(),
        properties.maxOccurredAge(),
        properties.defaultAmountLimit(),
        properties.amountLimits());
  }
}
