package io.paystream.payment.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.event.Channel;
import io.paystream.payment.intake.PaymentCommand;
import io.paystream.payment.intake.PaymentCommand.DeviceLocation;
import java.time.OffsetDateTime;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

  static PaymentCommand command(long amountMinor, String occurredAt, DeviceLocation location) {
    return new PaymentCommand(
        null,
        "k1_token",
        amountMinor,
        Currency.getInstance("USD"),
        "m_1",
        "T-1",
        Channel.POS,
        OffsetDateTime.parse(occurredAt),
        location);
  }

  @Test
  void sameBusinessFactsWrittenDifferentlyGiveTheSameFingerprint() {
    String a = RequestFingerprint.of("k1_token", command(2350, "2026-11-21T00:35:00-05:00", null));
    String b = RequestFingerprint.of("k1_token", command(2350, "2026-11-21T05:35:00Z", null));

    assertThat(a).isEqualTo(b).hasSize(64);
  }

  @Test
  void anyBusinessFieldChangesTheFingerprint() {
    String base = RequestFingerprint.of("k1_token", command(2350, "2026-11-21T05:35:00Z", null));

    assertThat(RequestFingerprint.of("k1_other", command(2350, "2026-11-21T05:35:00Z", null)))
        .isNotEqualTo(base);
    assertThat(RequestFingerprint.of("k1_token", command(2351, "2026-11-21T05:35:00Z", null)))
        .isNotEqualTo(base);
    assertThat(RequestFingerprint.of("k1_token", command(2350, "2026-11-21T05:35:01Z", null)))
        .isNotEqualTo(base);
    assertThat(
            RequestFingerprint.of(
                "k1_token",
                command(2350, "2026-11-21T05:35:00Z", new DeviceLocation(40.7, -74.0, 0.05))))
        .isNotEqualTo(base);
  }
}
