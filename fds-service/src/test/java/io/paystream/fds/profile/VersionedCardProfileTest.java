package io.paystream.fds.profile;

import static io.paystream.fds.TestPayments.BUSAN;
import static io.paystream.fds.TestPayments.SEOUL;
import static io.paystream.fds.TestPayments.T0;
import static io.paystream.fds.TestPayments.online;
import static io.paystream.fds.TestPayments.pos;
import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.fds.rule.CardProfile;
import io.paystream.fds.rule.CardStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class VersionedCardProfileTest {

  /** The mapper the platform cache falls back to when Boot has none. */
  private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

  @Test
  void survivesTheCacheJsonRoundTripUnchanged() {
    // given a suspended card with located and recent payments of both channels
    CardProfile profile =
        CardProfile.newCard("card-1")
            .record(pos("card-1", SEOUL, T0), true)
            .record(online("card-1", T0.plus(Duration.ofMinutes(5))), true)
            .record(pos("card-1", BUSAN, T0.plus(Duration.ofHours(3))), true)
            .withStatus(CardStatus.SUSPENDED);
    VersionedCardProfile cached = new VersionedCardProfile(profile, 7);

    // when it is written to and read back from Redis as JSON
    String raw = json.writeValueAsString(cached);
    VersionedCardProfile read = json.readValue(raw, VersionedCardProfile.class);

    // then it is the same profile, version included
    assertThat(read).isEqualTo(cached);
    assertThat(read.profile().located().last()).contains(profile.located().last().orElseThrow());
  }
}
