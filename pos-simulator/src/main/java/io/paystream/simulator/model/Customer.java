package io.paystream.simulator.model;

import io.paystream.contracts.event.GeoLocation;

/**
 * A cardholder as registered through {@code PUT /v1/customers/{customerId}}.
 *
 * @param customerId caller-chosen, stable across runs of the same dataset (e.g. {@code tf-u0})
 * @param name display name
 * @param phone E.164 phone number the verification SMS goes to (made up deterministically where the
 *     dataset has none)
 * @param email e-mail address (an {@code .example} domain where made up)
 * @param locale BCP 47 language for notifications ({@code en}, {@code ko})
 * @param home where the cardholder lives, or {@code null} when unknown
 */
public record Customer(
    String customerId, String name, String phone, String email, String locale, GeoLocation home) {}
