package io.paystream.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class HttpErrorsTest {

  @Test
  void readsRetryAfterAsSecondsOrHttpDate() {
    HttpHeaders seconds = new HttpHeaders();
    seconds.set(HttpHeaders.RETRY_AFTER, "3");
    HttpHeaders date = new HttpHeaders();
    date.set(HttpHeaders.RETRY_AFTER, "Sat, 21 Nov 2026 05:00:10 GMT");

    assertThat(HttpErrors.retryAfter(seconds, Instant.now())).isEqualTo(Duration.ofSeconds(3));
    assertThat(HttpErrors.retryAfter(date, Instant.parse("2026-11-21T05:00:00Z")))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(HttpErrors.retryAfter(new HttpHeaders(), Instant.now())).isNull();
  }
}
