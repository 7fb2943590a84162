package io.paystream.loyalty.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paystream.loyalty.membership.VipRule;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class LoyaltyPolicyTest {

  @Test
  void defaultPolicyGrantsVipAtTheTenthVisitWithoutWindow() {
    LoyaltyPolicy policy = LoyaltyPolicy.defaultFor("m1", LoyaltyPolicy.DEFAULT_THRESHOLD, "");

    assertThat(policy.windowed()).isFalse();
    assertThat(policy.windowStart(OffsetDateTime.parse("2026-01-01T00:00:00Z"))).isNull();
    assertThat(VipRule.grants(policy, false, 9)).isFalse();
    assertThat(VipRule.grants(policy, false, 10)).isTrue();
  }

  @Test
  void vipIsGrantedOnlyOnceEvenAboveTheThreshold() {
    LoyaltyPolicy policy = new LoyaltyPolicy("m1", 3, null, "free coffee");

    assertThat(VipRule.grants(policy, false, 3)).isTrue();
    assertThat(VipRule.grants(policy, true, 3)).isFalse();
    assertThat(VipRule.grants(policy, true, 4)).isFalse();
  }

  @Test
  void windowStartsTheWindowLengthBeforeTheCrossingVisit() {
    LoyaltyPolicy policy = new LoyaltyPolicy("m1", 5, Duration.ofDays(90), "");
    OffsetDateTime visit = OffsetDateTime.parse("2026-04-01T12:00:00+09:00");

    assertThat(policy.windowed()).isTrue();
    assertThat(policy.windowStart(visit))
        .isEqualTo(OffsetDateTime.parse("2026-01-01T12:00:00+09:00"));
  }

  @Test
  void rejectsThresholdBelowOneAndNonPositiveWindow() {
    assertThatThrownBy(() -> new LoyaltyPolicy("m1", 0, null, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LoyaltyPolicy("m1", 5, Duration.ZERO, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsMapWindowDaysToTheDomainWindow() {
    LoyaltyPolicy policy = new PolicySettings(7, 30, null).toPolicy("m9");

    assertThat(policy.threshold()).isEqualTo(7);
    assertThat(policy.window()).isEqualTo(Duration.ofDays(30));
    assertThat(policy.benefit()).isEmpty();
  }
}
