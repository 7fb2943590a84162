package io.paystream.verification.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.verification.sms.TwilioSignatureValidator;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.transaction.ReactiveTransactionManager;

class SmsAuthTokenRequiredTest {

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(VerificationConfiguration.class)
          .withBean(
              ReactiveTransactionManager.class,
              () -> Mockito.mock(ReactiveTransactionManager.class))
          .withPropertyValues(
              "paystream.verification.code-key="
                  + "ZGV2LXN0YWNrLW9ubHktb3RwLWhtYWMta2V5LWNoYW5nZS1tZQ==",
              "paystream.verification.sms.public-base-url=https://pay.example.com");

  @Test
  void refusesToStartWithoutAPublicBaseUrlOutsideDevAndTest() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(VerificationConfiguration.class)
        .withBean(
            ReactiveTransactionManager.class, () -> Mockito.mock(ReactiveTransactionManager.class))
        .withPropertyValues(
            "paystream.verification.code-key="
                + "ZGV2LXN0YWNrLW9ubHktb3RwLWhtYWMta2V5LWNoYW5nZS1tZQ==",
            "paystream.verification.sms.auth-token=secret")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("paystream.verification.sms.public-base-url");
            });
  }

  @Test
  void refusesToStartWithAnEmptyAuthToken() {
    runner
        .withPropertyValues("paystream.verification.sms.auth-token=")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).hasStackTraceContaining("sms.authToken");
            });
  }

  @Test
  void refusesToStartWithABlankAuthToken() {
    runner
        .withPropertyValues("paystream.verification.sms.auth-token=   ")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).hasStackTraceContaining("sms.authToken");
            });
  }

  @Test
  void startsWithAToken() {
    runner
        .withPropertyValues("paystream.verification.sms.auth-token=secret")
        .run(
            context ->
                assertThat(context).hasNotFailed().hasSingleBean(TwilioSignatureValidator.class));
  }
}
