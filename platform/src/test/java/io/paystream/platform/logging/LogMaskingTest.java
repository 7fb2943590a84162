package io.paystream.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PAN masking through a real Spring Boot application (its logging system configures logback, the
 * platform's listener wraps the appenders) and the real console output.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTest {

  private static final Logger log = LoggerFactory.getLogger(LogMaskingTest.class);

  /** Luhn-valid test PANs (Visa, Mastercard grouped, Visa dashed, Amex 15 digits). */
  private static final String VISA = "4111111111111111";

  private static final String MASTERCARD_GROUPED = "5500 0000 0000 0004";
  private static final String VISA_DASHED = "4012-8888-8888-1881";
  private static final String AMEX = "378282246310005";

  /** 16 digits, fails the Luhn check: an order number that must stay readable. */
  private static final String ORDER_NUMBER = "2026112100004217";

  @Test
  void structuredEcsLinesHaveEveryPanMaskedInMessageExceptionAndMdc(CapturedOutput output) {
    try (ConfigurableApplicationContext context = start()) {
      logPansEverywhere();
    }

    String out = output.getOut();
    assertThat(out).contains("\"message\":\"paying with card 411111******1111 for order");
    assertMasked(out);
  }

  @Test
  void plainPatternLinesHaveEveryPanMaskedToo(CapturedOutput output) {
    try (ConfigurableApplicationContext context =
        start(
            "logging.structured.format.console=",
            "logging.pattern.console=%level %logger{0} [card=%X{card}] %msg%n%ex")) {
      logPansEverywhere();
    }

    String out = output.getOut();
    assertThat(out).contains("INFO LogMaskingTest [card=550000******0004] paying with card");
    assertMasked(out);
  }

  @Test
  void everyConsoleAppenderEncoderIsWrappedAfterBootConfiguredLogging() {
    try (ConfigurableApplicationContext context = start()) {
      LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
      var console =
          (OutputStreamAppender<?>)
              logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");

      assertThat(console).isNotNull();
      assertThat(console.getEncoder()).isInstanceOf(PanMaskingEncoder.class);
      assertThat(((PanMaskingEncoder) console.getEncoder()).delegate())
          .isInstanceOf(org.springframework.boot.logging.logback.StructuredLogEncoder.class);
    }
  }

  private static void logPansEverywhere() {
    MDC.put("card", MASTERCARD_GROUPED);
    try {
      log.info("paying with card {} for order {}", VISA, ORDER_NUMBER);
      log.warn(
          "declined",
          new IllegalStateException(
              "card " + VISA_DASHED + " refused",
              new IllegalArgumentException("amex " + AMEX + " expired")));
    } finally {
      MDC.remove("card");
    }
  }

  private static void assertMasked(String out) {
    assertThat(out)
        .contains("411111******1111")
        .contains("550000******0004")
        .contains("401288******1881")
        .contains("378282*****0005")
        .contains(ORDER_NUMBER)
        .doesNotContain(VISA)
        .doesNotContain(MASTERCARD_GROUPED)
        .doesNotContain("5500000000000004")
        .doesNotContain(VISA_DASHED)
        .doesNotContain("4012888888881881")
        .doesNotContain(AMEX);
    // the exception text and its cause's text are there, masked
    assertThat(out).contains("card 401288******1881 refused").contains("amex 378282*****0005");
  }

  private static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .properties("spring.main.banner-mode=off")
        .properties(properties)
        .run();
  }

  @SpringBootConfiguration
  static class App {}
}
