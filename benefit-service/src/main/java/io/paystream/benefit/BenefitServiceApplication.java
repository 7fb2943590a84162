package io.paystream.benefit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Better-card-for-this-merchant tips at the moment of payment. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BenefitServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(BenefitServiceApplication.class, args);
  }
}
