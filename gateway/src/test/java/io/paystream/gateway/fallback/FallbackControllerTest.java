package io.paystream.gateway.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class FallbackControllerTest {

  @Test
  void tellsTheClientToRetryWithTheSameIdempotencyKeyNeverToAssumeNothingHappened() {
    // when a payment request meets an open circuit or a timeout
    ResponseEntity<ProblemDetail> answer = new FallbackController().fallback("payment-api");

    // then: the outcome is unknown, and the one safe action is named
    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    assertThat(answer.getBody().getDetail())
        .contains("may or may not have been processed")
        .contains("retry after Retry-After with the same Idempotency-Key")
        .doesNotContain("not completed");
  }
}
