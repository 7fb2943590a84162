package io.paystream.contracts.event;

/**
 * The card of a payment as the registry knows it. Never a PAN: the token is a keyed HMAC-SHA-256 of
 * the PAN, the only other digits kept are the BIN and the last four.
 *
 * @param token card token ({@code <keyId>_<base64url HMAC>}), the card's id everywhere downstream
 *     and the Kafka key of card-keyed topics
 * @param bin issuer identification number: the first 6 (or 8) digits of the PAN
 * @param lastFour the last four digits of the PAN
 * @param brand card scheme, e.g. {@code Visa}, {@code Mastercard}, {@code Amex}, {@code Discover}
 * @param type funding type
 * @param productCode the issuer's product code (e.g. {@code VISA-PLAT-CASHBACK}); {@code null} when
 *     unknown
 */
public record CardSnapshot(
    String token, String bin, String lastFour, String brand, CardType type, String productCode) {}
