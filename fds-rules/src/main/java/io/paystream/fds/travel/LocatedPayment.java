package io.paystream.fds.travel;

import io.paystream.contracts.event.GeoLocation;
import java.time.Instant;
import java.util.Objects;

/**
 * A card-present payment whose place counts as where the card was: an approved payment, or a held
 * one the cardholder verified.
 *
 * @param paymentId the payment's id
 * @param occurredAt the payment's event time
 * @param location where it happened, with its accuracy radius in km
 */
public record LocatedPayment(String paymentId, Instant occurredAt, GeoLocation location) {

  public LocatedPayment {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(location, "location");
  }
}
