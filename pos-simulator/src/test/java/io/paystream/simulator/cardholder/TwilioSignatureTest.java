package io.paystream.simulator.cardholder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vectors from twilio-ruby's {@code spec/util/request_validator_spec.rb}. */
class TwilioSignatureTest {

  private static final String TOKEN = "2bd9e9638872de601313dc77410d3b23";

  @Test
  void matchesTwiliosPublishedSmsVector() {
    Map<String, String> params =
        Map.ofEntries(
            Map.entry("ToState", "CA"),
            Map.entry("FromState", "CA"),
            Map.entry("AccountSid", "ACba8bc05eacf94afdae398e642c9cc32d"),
            Map.entry("SmsMessageSid", "SM2003cbd5e6a3701999aa3e5f20ff2787"),
            Map.entry("Body", "Orly"),
            Map.entry("From", "+14159354345"),
            Map.entry("FromCity", "SAN FRANCISCO"),
            Map.entry("SmsStatus", "received"),
            Map.entry("FromZip", "94107"),
            Map.entry("FromCountry", "US"),
            Map.entry("To", "+14158141819"),
            Map.entry("ToCity", "SAN FRANCISCO"),
            Map.entry("ToZip", "94105"),
            Map.entry("ToCountry", "US"),
            Map.entry("ApiVersion", "2010-04-01"),
            Map.entry("SmsSid", "SM2003cbd5e6a3701999aa3e5f20ff2787"));

    String signature =
        TwilioSignature.sign(TOKEN, "http://twiliotests.heroku.com/validate/sms", params);

    assertThat(signature).isEqualTo("mxeiv65lEe0b8L6LdVw2jgJi8yw=");
  }

  @Test
  void matchesTwiliosPublishedVoiceVector() {
    Map<String, String> params =
        Map.ofEntries(
            Map.entry("ToState", "California"),
            Map.entry("CalledState", "California"),
            Map.entry("Direction", "inbound"),
            Map.entry("FromState", "CA"),
            Map.entry("AccountSid", "ACba8bc05eacf94afdae398e642c9cc32d"),
            Map.entry("Caller", "+14153595711"),
            Map.entry("CallerZip", "94108"),
            Map.entry("CallerCountry", "US"),
            Map.entry("From", "+14153595711"),
            Map.entry("FromCity", "SAN FRANCISCO"),
            Map.entry("CallerCity", "SAN FRANCISCO"),
            Map.entry("To", "+14157669926"),
            Map.entry("FromZip", "94108"),
            Map.entry("FromCountry", "US"),
            Map.entry("ToCity", ""),
            Map.entry("CallStatus", "ringing"),
            Map.entry("CalledCity", ""),
            Map.entry("CallerState", "CA"),
            Map.entry("CalledZip", ""),
            Map.entry("ToZip", ""),
            Map.entry("ToCountry", "US"),
            Map.entry("CallSid", "CA136d09cd59a3c0ec8dbff44da5c03f31"),
            Map.entry("CalledCountry", "US"),
            Map.entry("Called", "+14157669926"),
            Map.entry("ApiVersion", "2010-04-01"),
            Map.entry("ApplicationSid", "AP44efecad51364e80b133bb7c07eb8204"));

    assertThat(TwilioSignature.sign(TOKEN, "http://twiliotests.heroku.com/validate/voice", params))
        .isEqualTo("oVb2kXoVy8GEfwBDjR8bk/ZZ6eA=");
  }

  @Test
  void changesWhenAnyParameterChanges() {
    Map<String, String> a = Map.of("Body", "YES 123456", "From", "+15551000000");
    Map<String, String> b = Map.of("Body", "YES 123457", "From", "+15551000000");
    assertThat(TwilioSignature.sign("t", "http://x/cb", a))
        .isNotEqualTo(TwilioSignature.sign("t", "http://x/cb", b));
  }
}
