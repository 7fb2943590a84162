package io.paystream.loyalty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Visit counting per customer and merchant, VIP at a threshold, merchant regulars. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LoyaltyServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(LoyaltyServiceApplication.class, args);
  }
}
