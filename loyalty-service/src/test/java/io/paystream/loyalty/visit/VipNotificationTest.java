package io.paystream.loyalty.visit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.EventTypes;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.loyalty.membership.Membership;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VipNotificationTest {

  private final Membership membership =
      new Membership(
          UUID.fromString("01934f6e-9000-7000-8000-0000000000bb"),
          "cus_1",
          "m_1",
          Instant.parse("2026-11-21T05:00:00Z"),
          "pay_10",
          10,
          10,
          "free coffee");

  @Test
  void vipGrantedNotificationIsNonUrgentToTheCustomerWithADedupKeyPerMembership() {
    var event = VisitCountingService.vipNotification(membership, "Corner Cafe");
    NotificationRequested n = event.data();

    assertThat(event.type()).isEqualTo(EventTypes.NOTIFICATION_REQUESTED);
    assertThat(event.source()).isEqualTo(VisitCountingService.SOURCE);
    assertThat(n.templateId()).isEqualTo("vip-granted");
    assertThat(n.urgent()).isFalse();
    assertThat(n.customerId()).isEqualTo("cus_1");
    assertThat(n.channel()).isEqualTo(NotificationChannel.PREFERRED);
    assertThat(n.dedupKey()).isEqualTo("vip-granted:01934f6e-9000-7000-8000-0000000000bb");
    assertThat(event.id()).isEqualTo(n.dedupKey());
    assertThat(n.correlationId()).isEqualTo("pay_10");
    assertThat(n.parameters())
        .containsEntry("merchant", "Corner Cafe")
        .containsEntry("benefit", "free coffee")
        .containsEntry("visits", "10");
  }

  @Test
  void theSameMembershipAlwaysYieldsTheSameNotificationIds() {
    var first = VisitCountingService.vipNotification(membership, "Corner Cafe");
    var again = VisitCountingService.vipNotification(membership, "Corner Cafe");

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.data().notificationId()).isEqualTo(first.data().notificationId());
  }
}
