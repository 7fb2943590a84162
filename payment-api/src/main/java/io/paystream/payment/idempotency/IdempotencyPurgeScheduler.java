package io.paystream.payment.idempotency;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Deletes expired idempotency records every 10 minutes (they are ignored once expired anyway). */
@Component
public class IdempotencyPurgeScheduler {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyPurgeScheduler.class);

  private final IdempotencyRepository repository;

  public IdempotencyPurgeScheduler(IdempotencyRepository repository) {
    this.repository = repository;
  }

  @Scheduled(fixedDelay = 10, initialDelay = 1, timeUnit = TimeUnit.MINUTES)
  void purge() {
    Long purged =
        repository
            .purgeExpired()
            .onErrorResume(
                e -> {
                  log.warn("idempotency purge failed: {}", e.toString());
                  return Mono.just(0L);
                })
            .block(Duration.ofSeconds(30));
    if (purged != null && purged > 0) {
      log.info("purged {} expired idempotency records", purged);
    }
  }
}
