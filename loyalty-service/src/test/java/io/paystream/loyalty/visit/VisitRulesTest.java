package io.paystream.loyalty.visit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.event.PaymentStatus;
import io.paystream.loyalty.visit.VisitRules.DecisionOutcome;
import io.paystream.loyalty.visit.VisitRules.RequestOutcome;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VisitRulesTest {

  /** Applies the rules to one pair's payments the way the database does, for sequences. */
  private static final class Pair {
    final Map<String, VisitState> visits = new HashMap<>();
    final Set<String> declined = new HashSet<>();
    int count;

    RequestOutcome request(String paymentId) {
      RequestOutcome o = VisitRules.onRequest(visits.get(paymentId), declined.contains(paymentId));
      if (o == RequestOutcome.COUNT) {
        visits.put(paymentId, VisitState.COUNTED);
        count++;
      } else if (o == RequestOutcome.ALREADY_DECLINED) {
        visits.put(paymentId, VisitState.NOT_COUNTED);
      }
      return o;
    }

    DecisionOutcome decide(String paymentId, PaymentStatus status) {
      DecisionOutcome o =
          VisitRules.onDecision(status, visits.get(paymentId), declined.contains(paymentId));
      if (o == DecisionOutcome.TAKE_BACK) {
        visits.put(paymentId, VisitState.TAKEN_BACK);
        count--;
      }
      if (o != DecisionOutcome.IGNORE) {
        declined.add(paymentId);
      }
      return o;
    }
  }

  @Test
  void countsEachPaymentOnceHoweverOftenItIsDelivered() {
    Pair pair = new Pair();

    assertThat(pair.request("p1")).isEqualTo(RequestOutcome.COUNT);
    assertThat(pair.request("p1")).isEqualTo(RequestOutcome.DUPLICATE);
    assertThat(pair.request("p2")).isEqualTo(RequestOutcome.COUNT);
    assertThat(pair.request("p1")).isEqualTo(RequestOutcome.DUPLICATE);

    assertThat(pair.count).isEqualTo(2);
  }

  @Test
  void deniedDecisionTakesACountedVisitBackOnceEvenWhenDeliveredTwice() {
    Pair pair = new Pair();
    pair.request("p1");
    pair.request("p2");

    assertThat(pair.decide("p1", PaymentStatus.DENIED)).isEqualTo(DecisionOutcome.TAKE_BACK);
    assertThat(pair.decide("p1", PaymentStatus.DENIED)).isEqualTo(DecisionOutcome.DUPLICATE);

    assertThat(pair.count).isEqualTo(1);
  }

  @Test
  void declineBeforeItsRequestKeepsTheRequestFromCounting() {
    Pair pair = new Pair();

    assertThat(pair.decide("p1", PaymentStatus.EXPIRED)).isEqualTo(DecisionOutcome.REMEMBER);
    assertThat(pair.decide("p1", PaymentStatus.EXPIRED)).isEqualTo(DecisionOutcome.DUPLICATE);
    assertThat(pair.request("p1")).isEqualTo(RequestOutcome.ALREADY_DECLINED);
    assertThat(pair.request("p1")).isEqualTo(RequestOutcome.DUPLICATE);
    assertThat(pair.decide("p1", PaymentStatus.EXPIRED)).isEqualTo(DecisionOutcome.DUPLICATE);

    assertThat(pair.count).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = PaymentStatus.class,
      names = {"APPROVED", "PENDING_VERIFICATION", "COMPLETED"})
  void decisionsThatAreNotDeclinesChangeNothing(PaymentStatus status) {
    Pair pair = new Pair();
    pair.request("p1");

    assertThat(pair.decide("p1", status)).isEqualTo(DecisionOutcome.IGNORE);
    assertThat(pair.decide("p2", status)).isEqualTo(DecisionOutcome.IGNORE);

    assertThat(pair.count).isEqualTo(1);
    assertThat(pair.request("p2")).isEqualTo(RequestOutcome.COUNT);
  }

  @Test
  void onlyDeniedAndExpiredCompensate() {
    assertThat(PaymentStatus.values())
        .filteredOn(VisitRules::compensates)
        .containsExactlyInAnyOrder(PaymentStatus.DENIED, PaymentStatus.EXPIRED);
  }

  @Test
  void anyInterleavingOfRequestAndDeclineEndsWithTheVisitNotCounted() {
    // request/decline, each delivered 1-2 times, in every order: never counted at the end
    String[][] orders = {
      {"R", "D"},
      {"D", "R"},
      {"R", "R", "D"},
      {"R", "D", "D"},
      {"D", "R", "D"},
      {"D", "D", "R"},
      {"R", "D", "R", "D"},
      {"D", "R", "R"}
    };
    for (String[] order : orders) {
      Pair pair = new Pair();
      for (String step : order) {
        if (step.equals("R")) {
          pair.request("p");
        } else {
          pair.decide("p", PaymentStatus.DENIED);
        }
      }
      assertThat(pair.count).as(String.join(",", order)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(VisitState.class)
  void aRecordedRequestIsAlwaysADuplicate(VisitState state) {
    assertThat(VisitRules.onRequest(state, false)).isEqualTo(RequestOutcome.DUPLICATE);
    assertThat(VisitRules.onRequest(state, true)).isEqualTo(RequestOutcome.DUPLICATE);
  }
}
