package io.paystream.verification.challenge;

/**
 * What the cardholder is shown about the payment, kept with the challenge for resends and replies.
 *
 * @param locale BCP 47 language tag of the customer, or {@code null}
 * @param merchantName merchant name
 * @param amountMinor amount in ISO 4217 minor units of {@code currency}
 * @param currency ISO 4217 alphabetic code
 * @param place where the payment happened (country code), or {@code null} when not located
 */
public record ChallengeDetails(
    String locale, String merchantName, long amountMinor, String currency, String place) {}
