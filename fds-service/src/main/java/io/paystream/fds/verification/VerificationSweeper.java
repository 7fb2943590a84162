package io.paystream.fds.verification;

import io.paystream.contracts.event.PaymentStatus;
import io.paystream.fds.config.FdsProperties;
import io.paystream.fds.ledger.LedgerRepository;
import io.paystream.fds.ledger.PaymentDecisionService;
import io.paystream.fds.ledger.PaymentDecisionService.ProfileChange;
import io.paystream.fds.rule.ReasonCodes;
import io.paystream.platform.postgres.LockedRows;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Settles payments left {@code PENDING_VERIFICATION} longer than {@code fds.verification.timeout}
 * as {@code EXPIRED}. Safe with several replicas: each pass locks its rows with {@code FOR UPDATE
 * SKIP LOCKED} and settles them in the same transaction.
 */
@Component
public class VerificationSweeper {

  private static final Logger log = LoggerFactory.getLogger(VerificationSweeper.class);
  private static final int BATCH = 100;

  private final LedgerRepository ledger;
  private final PaymentDecisionService decisions;
  private final TransactionalOperator tx;
  private final FdsProperties properties;
  private final Clock clock = Clock.systemUTC();

  public VerificationSweeper(
      LedgerRepository ledger,
      PaymentDecisionService decisions,
      TransactionalOperator tx,
      FdsProperties properties) {
    this.ledger = ledger;
    this.decisions = decisions;
    this.tx = tx;
    this.properties = properties;
  }

  /** One sweep on the configured interval. */
  @Scheduled(fixedDelayString = "${fds.verification.sweep-interval:30s}")
  public void scheduledSweep() {
    try {
      long settled = sweep().block(Duration.ofMinutes(1));
      if (settled > 0) {
        log.info("expired {} payments left pending verification", settled);
      }
    } catch (RuntimeException e) {
      log.warn("verification sweep failed, next pass retries: {}", e.toString());
    }
  }

  /**
   * Expires every overdue held payment, {@value #BATCH} per transaction.
   *
   * @return how many were settled
   */
  public Mono<Long> sweep() {
    Mono<Long> pass =
        tx.transactional(
            LockedRows.readFully(
                    ledger.lockOverduePending(
                        clock.instant().minus(properties.verification().timeout()), BATCH))
                .concatMap(
                    id ->
                        decisions.settleInTransaction(
                            id,
                            PaymentStatus.EXPIRED,
                            ReasonCodes.VERIFICATION_TIMEOUT,
                            ProfileChange.NONE,
                            Map.of("timeout", properties.verification().timeout().toString())))
                .count());
    return pass.expand(n -> n >= BATCH ? pass : Mono.empty()).reduce(0L, Long::sum);
  }
}
