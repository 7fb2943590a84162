package io.paystream.platform.problem;

/**
 * One entry of a 400 problem's {@code errors} array.
 *
 * @param field the offending field or parameter, as the client named it (e.g. {@code amountMinor},
 *     {@code card.expiryMonth}, or the object name for a cross-field rule)
 * @param reason why it was refused, e.g. {@code must be greater than 0}; never echoes the value
 */
public record FieldError(String field, String reason) {}
