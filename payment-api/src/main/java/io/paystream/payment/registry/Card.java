package io.paystream.payment.registry;

import io.paystream.contracts.event.CardType;

/**
 * A card in the registry: never its PAN, only the token, BIN and last four.
 *
 * @param cardToken {@code <keyId>_<HMAC>} token, the card's id
 * @param keyId the tokenization key id the token was made with
 * @param bin first six PAN digits
 * @param lastFour last four PAN digits
 * @param brand scheme, e.g. {@code Visa}
 * @param type funding type
 * @param productCode issuer product code, or {@code null}
 * @param expiryMonth 1..12
 * @param expiryYear four-digit year
 * @param customerId the cardholder
 */
public record Card(
    String cardToken,
    String keyId,
    String bin,
    String lastFour,
    String brand,
    CardType type,
    String productCode,
    int expiryMonth,
    int expiryYear,
    String customerId) {}
