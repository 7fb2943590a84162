package io.paystream.notification.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class NotificationRetryTopicConfigurationTest {

  @Test
  void ownDatabaseOutageBlocksInPlaceButAProviderOutageGoesAlongTheRetryTopics() {
    // given: PostgreSQL restarting under the delivery row's insert, and an SMS provider refusing
    // connections (an IOException too, but wrapped in the provider's DeliveryException)
    Throwable database =
        new ListenerExecutionFailedException(
            "listener failed",
            new DataAccessResourceFailureException(
                "terminating connection due to administrator command",
                new R2dbcNonTransientResourceException("terminating connection", "57P01")));
    Throwable provider =
        new ListenerExecutionFailedException(
            "listener failed",
            new DeliveryException.Retryable(
                "provider-unavailable",
                "connection refused",
                new ConnectException("Connection refused")));

    // when / then
    assertThat(NotificationRetryTopicConfiguration.ownInfrastructureFailure(database)).isTrue();
    assertThat(NotificationRetryTopicConfiguration.ownInfrastructureFailure(provider)).isFalse();
    assertThat(NotificationRetryTopicConfiguration.ownInfrastructureFailure(null)).isFalse();
  }
}
