package io.paystream.verification.challenge;

import io.paystream.verification.config.VerificationProperties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Marks open challenges past their validity {@code EXPIRED} and emits their result. Rows are taken
 * with {@code FOR UPDATE SKIP LOCKED}, so any number of replicas sweep concurrently without
 * expiring (or emitting) a challenge twice; an answer racing the sweeper waits on the row lock and
 * then sees the terminal status.
 */
@Component
public class ExpirySweeper implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

  private final ChallengeService service;
  private final VerificationProperties.Sweeper settings;
  private final AtomicBoolean running = new AtomicBoolean();
  private Disposable loop;

  public ExpirySweeper(ChallengeService service, VerificationProperties properties) {
    this.service = service;
    this.settings = properties.sweeper();
  }

  @Override
  public void start() {
    if (running.compareAndSet(false, true)) {
      loop =
          Flux.interval(settings.interval())
              .onBackpressureDrop()
              .concatMap(
                  tick ->
                      service
                          .expireDue(settings.batchSize())
                          .onErrorResume(
                              e -> {
                                log.warn("expiry sweep failed: {}", e.toString());
                                return Mono.empty();
                              }),
                  1)
              .subscribe();
    }
  }

  @Override
  public void stop() {
    if (running.compareAndSet(true, false) && loop != null) {
      loop.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return running.get();
  }
}
