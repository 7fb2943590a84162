package io.paystream.verification.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.verification.challenge.SmsSendPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SmsSendPolicyTest {

  final SmsSendPolicy policy = new SmsSendPolicy(Duration.ofMinutes(1), 10);
  final Instant now = Instant.parse("2026-11-21T05:35:00Z");

  @Test
  void throttlesAResendWithinAMinuteOfTheLastSms() {
    assertThat(policy.decide(true, now.minusSeconds(59), 1, now)).isEqualTo(Decision.THROTTLED);
    assertThat(policy.decide(true, now.minusSeconds(60), 1, now)).isEqualTo(Decision.SEND);
  }

  @Test
  void aNewChallengeIsNotThrottledByTheInterval() {
    assertThat(policy.decide(false, now.minusSeconds(5), 1, now)).isEqualTo(Decision.SEND);
  }

  @Test
  void capsEverySendPerDay() {
    assertThat(policy.decide(false, null, 9, now)).isEqualTo(Decision.SEND);
    assertThat(policy.decide(false, null, 10, now)).isEqualTo(Decision.CAPPED);
    assertThat(policy.decide(true, now.minusSeconds(3600), 10, now)).isEqualTo(Decision.CAPPED);
  }

  @Test
  void aThrottledSendMayRetryOneIntervalAfterTheLastSmsACappedOneTheNextUtcDay() {
    assertThat(policy.retryAt(Decision.THROTTLED, now.minusSeconds(20), now))
        .isEqualTo(now.plusSeconds(40));
    assertThat(policy.retryAt(Decision.CAPPED, now.minusSeconds(20), now))
        .isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
    assertThat(policy.retryAt(Decision.SEND, null, now)).isEqualTo(now);
  }
}
