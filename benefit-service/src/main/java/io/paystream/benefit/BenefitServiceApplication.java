package io.paystream.benefit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Better-card-for-this-merchant tips at the moment of payment. */
@SpringBootApplication
public class BenefitServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(BenefitServiceApplication.class, args);
  }
}
