package io.paystream.fds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Real-time fraud detection: impossible travel and rules, event-sourced ledger, transactional
 * outbox.
 */
@SpringBootApplication
public class FdsServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(FdsServiceApplication.class, args);
  }
}
