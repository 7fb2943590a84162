package io.paystream.payment.idempotency;

import io.paystream.payment.intake.PaymentCommand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprint of a payment request's business fields, for the idempotency check: SHA-256 (FIPS
 * 180-4) over a canonical, unambiguous text of card token, amount in minor units, currency,
 * merchant, terminal, channel, the occurred-at instant and the location. Volatile things (headers
 * such as {@code Prefer}, JSON formatting, field order, {@code "23.5"} vs {@code "23.50"}, the
 * offset an instant is written in) do not change it.
 */
public final class RequestFingerprint {

  private RequestFingerprint() {}

  /**
   * The hex fingerprint.
   *
   * @param cardToken the card's token (a PAN is tokenized first, so PAN and token of one card
   *     fingerprint alike)
   * @param command the validated request
   */
  public static String of(String cardToken, PaymentCommand command) {
    StringBuilder canonical = new StringBuilder(256);
    field(canonical, cardToken);
    field(canonical, Long.toString(command.amountMinor()));
    field(canonical, command.currency().getCurrencyCode());
    field(canonical, command.merchantId());
    field(canonical, command.terminalId());
    field(canonical, command.channel().name());
    field(canonical, command.occurredAt().toInstant().toString());
    if (command.location() == null) {
      field(canonical, "-");
    } else {
      field(canonical, Double.toString(command.location().lat()));
      field(canonical, Double.toString(command.location().lon()));
      field(canonical, Double.toString(command.location().accuracyKm()));
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static void field(StringBuilder out, String value) {
    // length-prefixed so that no two field lists share a text
    out.append(value.length()).append(':').append(value).append(';');
  }
}
