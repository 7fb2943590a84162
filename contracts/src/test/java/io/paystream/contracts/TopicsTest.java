package io.paystream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paystream.contracts.event.PaymentRequested;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void everyEventTypeHasExactlyOneTopic() {
    List<Object> topicTypes = Topics.ALL.stream().map(t -> (Object) t.eventType()).toList();
    assertThat(topicTypes).containsExactlyInAnyOrderElementsOf(List.<Object>copyOf(EventTypes.ALL));
    assertThat(new HashSet<>(Topics.ALL.stream().map(Topic::name).toList()))
        .hasSize(Topics.ALL.size());
  }

  @Test
  void derivesDeadLetterAndRetryTopicNames() {
    assertThat(Topics.PAYMENT_STREAM.deadLetter("fds")).isEqualTo("payment-stream-fds-dlt");
    assertThat(Topics.NOTIFICATIONS.retry("notification", 2))
        .isEqualTo("notifications-notification-retry-2");
    assertThatThrownBy(() -> Topics.NOTIFICATIONS.retry("notification", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void looksUpEventTypesByCeTypeAndClass() {
    assertThat(EventTypes.byCeType("paystream.payment.requested.v1"))
        .contains(EventTypes.PAYMENT_REQUESTED);
    assertThat(EventTypes.byCeType("io.paystream.contracts.event.PaymentRequested")).isEmpty();
    assertThat(EventTypes.forDataClass(PaymentRequested.class))
        .isEqualTo(EventTypes.PAYMENT_REQUESTED);
  }
}
