package io.paystream.fds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Real-time fraud detection: impossible travel and rules, event-sourced ledger, transactional
 * outbox.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FdsServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(FdsServiceApplication.class, args);
  }
}
