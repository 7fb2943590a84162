package io.paystream.loyalty.visit;

/**
 * A customer at a merchant: the unit visits are counted for.
 *
 * @param customerId the registry's customer id
 * @param merchantId the registry's merchant id
 */
public record VisitPair(String customerId, String merchantId) {

  /** The cache key of this pair: {@code <merchantId>:<customerId>}. */
  public String key() {
    return merchantId + ":" + customerId;
  }
}
