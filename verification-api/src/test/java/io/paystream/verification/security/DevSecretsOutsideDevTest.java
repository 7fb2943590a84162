package io.paystream.verification.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paystream.verification.VerificationApiApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Issue 17 finding 6: the dev secrets committed in {@code application.yml} must not start the
 * service outside the dev and test profiles (platform {@code DevSecretsEnvironmentPostProcessor}).
 * Every address points nowhere, so nothing is touched if the service got further than that.
 */
class DevSecretsOutsideDevTest {

  @Test
  void refusesToStartWithTheCommittedDevSecretsAndNamesThem() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(VerificationApiApplication.class)
                    .profiles("production")
                    .run(
                        "--server.port=0",
                        "--logging.structured.format.console=",
                        "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/none",
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
                        "--spring.flyway.url=jdbc:postgresql://127.0.0.1:1/none",
                        "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                        "--spring.data.redis.port=1")
                    .close())
        .hasMessageContaining("paystream.verification.code-key")
        .hasMessageContaining("paystream.verification.sms.auth-token");
  }
}
