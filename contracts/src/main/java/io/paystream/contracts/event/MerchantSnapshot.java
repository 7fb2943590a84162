package io.paystream.contracts.event;

/**
 * The merchant of a payment as the registry knows it.
 *
 * @param id merchant id
 * @param name merchant name
 * @param mcc ISO 18245 merchant category code, four digits (e.g. {@code 5411} grocery)
 * @param country ISO 3166-1 alpha-2 country of the merchant's establishment
 */
public record MerchantSnapshot(String id, String name, String mcc, String country) {}
