package io.paystream.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.simulator.check.ImpossibleTravel;
import io.paystream.simulator.model.Money;
import io.paystream.simulator.model.Transaction;
import io.paystream.simulator.replay.PaymentOutcome;
import io.paystream.simulator.replay.StatusTracker;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeldPaymentChecksTest {

  static final GeoLocation SEOUL = new GeoLocation(37.5665, 126.9780, 0.05, "KR");
  static final GeoLocation NEW_YORK = new GeoLocation(40.7128, -74.0060, 0.05, "US");

  private final List<StatusTracker.Tracked> tracked = new ArrayList<>();

  private void payment(
      String id,
      String time,
      GeoLocation where,
      boolean fraud,
      String status,
      boolean held,
      String... reasons) {
    Transaction t =
        new Transaction(
            id,
            "c",
            "m",
            Money.of("10.00", "USD"),
            Channel.POS,
            OffsetDateTime.parse(time),
            where,
            fraud,
            null);
    PaymentOutcome o =
        new PaymentOutcome(
            t, "k:" + id, "pos-m", "p-" + id, "RECEIVED", 202, null, 1, Instant.now(), false);
    tracked.add(new StatusTracker.Tracked(o, status, held, null, List.of(reasons)));
  }

  private RunReport.CheckResult run(RunCheck check, Set<String> silent) {
    return check.run(
        new RunCheck.RunContext(
            tracked.stream().map(StatusTracker.Tracked::outcome).toList(), tracked, silent));
  }

  @Test
  void heldFraudMustEndDeniedUnlessTheCardholderWasSilent() {
    payment("f1", "2025-03-03T10:00:00Z", SEOUL, true, "DENIED", true);
    payment("f2", "2025-03-03T11:00:00Z", SEOUL, true, "EXPIRED", true);
    payment("f3", "2025-03-03T12:00:00Z", SEOUL, true, "PENDING_VERIFICATION", true);

    assertThat(run(HeldPaymentChecks.HELD_FRAUD_DENIED, Set.of("p-f2", "p-f3")).status())
        .isEqualTo("PASS");
    RunReport.CheckResult notSilent = run(HeldPaymentChecks.HELD_FRAUD_DENIED, Set.of());
    assertThat(notSilent.status()).isEqualTo("FAIL");
    assertThat(notSilent.detail()).contains("1 of 3", "EXPIRED f2", "PENDING_VERIFICATION f3");
  }

  @Test
  void heldGenuineMustEndCompleted() {
    payment("g1", "2025-03-03T10:00:00Z", SEOUL, false, "COMPLETED", true);
    payment("g2", "2025-03-03T11:00:00Z", SEOUL, false, "DENIED", true);
    payment("g3", "2025-03-03T12:00:00Z", SEOUL, false, "DENIED", false);

    RunReport.CheckResult result = run(HeldPaymentChecks.HELD_GENUINE_COMPLETED, Set.of());

    assertThat(result.status()).isEqualTo("FAIL");
    assertThat(result.detail()).contains("1 of 2 held genuine", "DENIED g2");
  }

  @Test
  void anImpossibleTravelPaymentThatWasNotHeldFailsTheCheck() {
    payment("seoul", "2025-03-03T10:00:00Z", SEOUL, false, "COMPLETED", false);
    payment("ny", "2025-03-03T11:00:00Z", NEW_YORK, true, "COMPLETED", false);

    RunReport.CheckResult result =
        run(
            HeldPaymentChecks.impossibleTravelHeld(ImpossibleTravel.Settings.FDS_DEFAULTS),
            Set.of());

    assertThat(result.status()).isEqualTo("FAIL");
    assertThat(result.detail()).contains("0 of 1 pairs held", "seoul->ny");
  }

  @Test
  void heldOrCardStatusDeniedPaymentsPass() {
    payment("seoul", "2025-03-03T10:00:00Z", SEOUL, false, "COMPLETED", false);
    payment("ny", "2025-03-03T11:00:00Z", NEW_YORK, true, "DENIED", true);
    payment("ny2", "2025-03-03T11:10:00Z", NEW_YORK, true, "DENIED", false, "CARD_SUSPENDED");

    RunReport.CheckResult result =
        run(
            HeldPaymentChecks.impossibleTravelHeld(ImpossibleTravel.Settings.FDS_DEFAULTS),
            Set.of());

    assertThat(result.status()).isEqualTo("PASS");
    assertThat(result.detail()).startsWith("2 of 2 pairs held");
  }

  @Test
  void aPairThatDependsOnWhenTheYesArrivedIsNotRequired() {
    // New York held and verified: whether ny2 is compared with New York or Seoul depends on timing
    payment("seoul", "2025-03-03T10:00:00Z", SEOUL, false, "COMPLETED", false);
    payment("ny", "2025-03-03T11:00:00Z", NEW_YORK, false, "COMPLETED", true);
    payment("ny2", "2025-03-03T11:30:00Z", NEW_YORK, false, "COMPLETED", false);

    RunReport.CheckResult result =
        run(
            HeldPaymentChecks.impossibleTravelHeld(ImpossibleTravel.Settings.FDS_DEFAULTS),
            Set.of());

    assertThat(result.status()).isEqualTo("PASS");
    assertThat(result.detail()).startsWith("1 of 1 pairs held");
  }
}
