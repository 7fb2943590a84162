package io.paystream.fds.payment;

import static io.paystream.contracts.event.PaymentStatus.APPROVED;
import static io.paystream.contracts.event.PaymentStatus.COMPLETED;
import static io.paystream.contracts.event.PaymentStatus.DENIED;
import static io.paystream.contracts.event.PaymentStatus.EXPIRED;
import static io.paystream.contracts.event.PaymentStatus.PENDING_VERIFICATION;
import static io.paystream.contracts.event.PaymentStatus.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paystream.contracts.event.PaymentStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PaymentStateMachineTest {

  @Test
  void allowsTheDocumentedPaths() {
    assertThat(PaymentStateMachine.replay(List.of(RECEIVED, APPROVED, COMPLETED)))
        .isEqualTo(COMPLETED);
    for (PaymentStatus end : List.of(COMPLETED, DENIED, EXPIRED)) {
      assertThat(PaymentStateMachine.replay(List.of(RECEIVED, PENDING_VERIFICATION, end)))
          .isEqualTo(end);
    }
    assertThat(PaymentStateMachine.replay(List.of(RECEIVED, DENIED))).isEqualTo(DENIED);
  }

  @Test
  void refusesSkippingAndGoingBack() {
    assertThatThrownBy(() -> PaymentStateMachine.transition(RECEIVED, COMPLETED))
        .isInstanceOf(PaymentStateMachine.IllegalTransitionException.class)
        .hasMessageContaining("RECEIVED to COMPLETED");
    assertThat(PaymentStateMachine.allows(APPROVED, EXPIRED)).isFalse();
    assertThat(PaymentStateMachine.allows(PENDING_VERIFICATION, APPROVED)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = PaymentStatus.class,
      names = {"COMPLETED", "DENIED", "EXPIRED"})
  void finalStatesHaveNoWayOut(PaymentStatus end) {
    for (PaymentStatus next : PaymentStatus.values()) {
      assertThat(PaymentStateMachine.allows(end, next)).as("%s -> %s", end, next).isFalse();
    }
  }

  @Test
  void anEmptyHistoryIsReceived() {
    assertThat(PaymentStateMachine.replay(List.of())).isEqualTo(RECEIVED);
  }
}
