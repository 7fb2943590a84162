package io.paystream.payment.card;

/**
 * What is kept of a PAN: its token, BIN and last four digits.
 *
 * @param token {@code <keyId>_<base64url(HMAC-SHA-256(key, PAN))>}, 43 characters after the prefix
 * @param bin first six digits
 * @param lastFour last four digits
 */
public record TokenizedCard(String token, String bin, String lastFour) {}
