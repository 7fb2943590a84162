package io.paystream.simulator.model;

import io.paystream.contracts.event.GeoLocation;
import java.time.ZoneId;

/**
 * A merchant site, registered through {@code PUT /v1/merchants/{merchantId}}; one POS terminal
 * client is registered for it.
 *
 * @param merchantId caller-chosen, stable id (a TabFormer merchant name at one place, e.g. {@code
 *     tf-m3527213246127876953-91750})
 * @param name display name
 * @param mcc ISO 18245 merchant category code, four digits
 * @param address free-text address (city, state or country)
 * @param country ISO 3166-1 alpha-2, or {@code null} for an online-only merchant
 * @param location where the site is, with its accuracy radius, or {@code null} for online-only
 * @param zone the time zone the dataset's local times are read in (UTC when unknown)
 */
public record Merchant(
    String merchantId,
    String name,
    String mcc,
    String address,
    String country,
    GeoLocation location,
    ZoneId zone) {

  /** {@code true} for a card-not-present (e-commerce) merchant with no physical location. */
  public boolean onlineOnly() {
    return location == null;
  }
}
