package io.paystream.payment.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaymentIdsTest {

  @Test
  void idsAreVersion7AndSortInCreationOrder() throws InterruptedException {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(PaymentIds.next());
      Thread.sleep(2);
    }

    assertThat(ids).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
    assertThat(ids.stream().map(UUID::toString).sorted().toList())
        .isEqualTo(ids.stream().map(UUID::toString).toList());
  }
}
