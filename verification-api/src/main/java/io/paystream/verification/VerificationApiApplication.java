package io.paystream.verification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** SMS one-time-code step-up challenges and signed provider callbacks. */
@SpringBootApplication
public class VerificationApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(VerificationApiApplication.class, args);
  }
}
