package io.paystream.payment.registry;

/**
 * A merchant in the registry.
 *
 * @param merchantId caller-chosen id
 * @param name name
 * @param mcc ISO 18245 merchant category code, four digits
 * @param address postal address, or {@code null}
 * @param country ISO 3166-1 alpha-2 country
 * @param lat latitude in degrees, or {@code null} for online-only merchants
 * @param lon longitude in degrees, or {@code null}
 * @param accuracyKm radius in km of the registered place, or {@code null}
 */
public record Merchant(
    String merchantId,
    String name,
    String mcc,
    String address,
    String country,
    Double lat,
    Double lon,
    Double accuracyKm) {

  /** {@code true} if the merchant has a registered place. */
  public boolean located() {
    return lat != null && lon != null;
  }
}
