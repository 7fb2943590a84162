package io.paystream.payment.intake;

import io.paystream.contracts.event.Channel;
import io.paystream.payment.card.Pan;
import java.time.OffsetDateTime;
import java.util.Currency;

/**
 * A syntactically valid {@code POST /v1/payments} body, before registry lookups.
 *
 * @param pan the PAN when the card was given by number, else {@code null}
 * @param cardToken the card token when the card was given by token, else {@code null}
 * @param amountMinor amount in minor units of {@code currency}, &gt; 0
 * @param currency ISO 4217 currency
 * @param merchantId merchant id
 * @param terminalId terminal or app installation id
 * @param channel channel
 * @param occurredAt event time with its offset
 * @param location the device/terminal fix, or {@code null}
 */
public record PaymentCommand(
    Pan pan,
    String cardToken,
    long amountMinor,
    Currency currency,
    String merchantId,
    String terminalId,
    Channel channel,
    OffsetDateTime occurredAt,
    DeviceLocation location) {

  /**
   * A device or terminal location as given in the request.
   *
   * @param lat latitude in degrees, -90..90
   * @param lon longitude in degrees, -180..180
   * @param accuracyKm radius in km, ≥ 0
   */
  public record DeviceLocation(double lat, double lon, double accuracyKm) {}
}
