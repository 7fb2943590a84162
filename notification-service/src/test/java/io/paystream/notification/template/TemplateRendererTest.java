package io.paystream.notification.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

  private final TemplateRenderer renderer = new TemplateRenderer(List.of("en", "ko"), "en");

  @Test
  void everyRequiredTemplateExistsInEveryLanguage() {
    assertThat(renderer.templateIds())
        .contains(
            "verification-challenge",
            "verification-result",
            "payment-approved",
            "payment-denied",
            "vip-granted",
            "benefit-tip",
            "product-suggestion",
            "verification-wrong-code",
            "verification-help");
  }

  @Test
  void rendersTheParametersProducersActuallySendInBothLanguages() {
    // the maps verification-api and benefit-service put on notification.requested.v1
    Map<String, Map<String, String>> sent =
        Map.of(
            "verification-wrong-code",
            Map.of("remainingAttempts", "3", "howToAnswer", "Reply YES <code> or NO."),
            "verification-help",
            Map.of("howToAnswer", "Reply YES <code> or NO."),
            "benefit-tip",
            Map.of(
                "merchant", "Gangnam Fresh Market",
                "category", "grocery",
                "card", "Visa 1111",
                "difference", "3.84 USD"),
            "product-suggestion",
            Map.of(
                "merchant", "Gangnam Fresh Market",
                "product", "Fresh Cashback Card",
                "difference", "1.20 USD"));

    Map<String, String> mustShow =
        Map.of(
            "verification-wrong-code", "3",
            "verification-help", "Reply YES <code> or NO.",
            "benefit-tip", "3.84 USD",
            "product-suggestion", "1.20 USD");

    for (String language : List.of("en", "ko")) {
      sent.forEach(
          (template, parameters) ->
              assertThat(renderer.render(template, language, parameters).text())
                  .as("%s in %s", template, language)
                  .doesNotContain("{")
                  .contains(mustShow.get(template)));
    }
  }

  @Test
  void rendersKoreanVerificationChallengeWithNamedParameters() {
    RenderedMessage m =
        renderer.render(
            "verification-challenge",
            "ko-KR",
            Map.of(
                "merchant",
                "Times Square Diner",
                "amount",
                "23.50 USD",
                "place",
                "New York, US",
                "code",
                "123456"));

    assertThat(m.locale().getLanguage()).isEqualTo("ko");
    assertThat(m.subject()).isEqualTo("결제 확인 요청");
    assertThat(m.text()).contains("Times Square Diner", "23.50 USD", "YES 123456");
  }

  @Test
  void selectsTheSentenceForTheVerificationResult() {
    Map<String, String> p = Map.of("merchant", "Cafe", "amount", "5.00 USD", "result", "REJECTED");

    assertThat(renderer.render("verification-result", "en", p).subject())
        .isEqualTo("Payment declined");
    assertThat(renderer.render("verification-result", "en", p).text()).contains("not charged");
  }

  @Test
  void fallsBackToDefaultLanguageForUnsupportedLocale() {
    RenderedMessage m =
        renderer.render("payment-approved", "fr", Map.of("merchant", "Cafe", "amount", "5 EUR"));

    assertThat(m.locale().getLanguage()).isEqualTo("en");
    assertThat(m.text()).isEqualTo("paystream: your payment of 5 EUR at Cafe was approved.");
  }

  @Test
  void escapesParametersInTheHtmlPartOnly() {
    RenderedMessage m =
        renderer.render(
            "payment-approved", "en", Map.of("merchant", "<b>Tom & Jerry</b>", "amount", "1 USD"));

    assertThat(m.text()).contains("<b>Tom & Jerry</b>");
    assertThat(m.html()).contains("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;").doesNotContain("<b>Tom");
    assertThat(m.html()).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">");
  }

  @Test
  void rejectsMissingParameterAndUnknownTemplate() {
    assertThatThrownBy(() -> renderer.render("payment-approved", "en", Map.of("amount", "1 USD")))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("merchant");
    assertThatThrownBy(() -> renderer.render("no-such-template", "en", Map.of()))
        .isInstanceOf(TemplateException.class);
  }
}
