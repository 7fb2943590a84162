package io.paystream.payment.security;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authenticated OAuth2 client behind a request.
 *
 * @param clientId the token's {@code sub} (the client id); idempotency keys and payment ownership
 *     are scoped to it
 * @param merchantId the {@code merchant_id} claim: the merchant a POS/merchant client acts for;
 *     {@code null} for clients that act for none (admin, simulator)
 */
public record ClientPrincipal(String clientId, String merchantId) {

  /** The principal of a validated JWT. */
  public static ClientPrincipal of(Jwt jwt) {
    String merchant = jwt.getClaimAsString("merchant_id");
    return new ClientPrincipal(
        jwt.getSubject(), merchant == null || merchant.isBlank() ? null : merchant);
  }

  /** {@code true} if this client may act for {@code merchant}. */
  public boolean mayActFor(String merchant) {
    return merchantId == null || merchantId.equals(merchant);
  }
}
