package io.paystream.notification.quiet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private final QuietHours night = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), SEOUL);

  private static Instant seoul(int day, int hour, int minute) {
    return ZonedDateTime.of(2026, 11, day, hour, minute, 0, 0, SEOUL).toInstant();
  }

  @Test
  void eveningIsDeferredToNextMorning() {
    assertThat(night.deferUntil(seoul(21, 22, 30))).contains(seoul(22, 8, 0));
  }

  @Test
  void earlyMorningIsDeferredToSameMorning() {
    assertThat(night.deferUntil(seoul(21, 3, 0))).contains(seoul(21, 8, 0));
  }

  @Test
  void daytimeAndWindowEndAreNotDeferred() {
    assertThat(night.deferUntil(seoul(21, 12, 0))).isEmpty();
    assertThat(night.deferUntil(seoul(21, 8, 0))).isEmpty();
    assertThat(night.deferUntil(seoul(21, 21, 0))).isPresent();
  }

  @Test
  void urgentAndAlwaysUrgentTemplatesAreNeverDeferred() {
    QuietHoursPolicy policy =
        new QuietHoursPolicy(Map.of("ko", night), Set.of("verification-challenge"));
    Instant lateNight = seoul(21, 23, 0);

    assertThat(policy.deferUntil("ko", "vip-granted", false, lateNight)).isPresent();
    assertThat(policy.deferUntil("ko", "vip-granted", true, lateNight)).isEmpty();
    assertThat(policy.deferUntil("ko", "verification-challenge", false, lateNight)).isEmpty();
    assertThat(policy.deferUntil("en", "vip-granted", false, lateNight)).isEmpty();
  }
}
