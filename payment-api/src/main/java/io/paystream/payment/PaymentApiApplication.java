package io.paystream.payment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Payment intake: validation, PAN tokenization, idempotency, enrichment onto payment-stream;
 * registry; status.
 */
@SpringBootApplication
public class PaymentApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(PaymentApiApplication.class, args);
  }
}
