/**
 * paystream's event contracts: the records carried on Kafka, the typed topic registry and the
 * CloudEvents 1.0 binary-mode serde. Plain Java, no Spring.
 *
 * <p>Conventions (ARCHITECTURE §4): money is {@code amountMinor} (ISO 4217 minor units, {@code
 * long}) plus {@code currency} (ISO 4217 alphabetic code), never a floating-point amount; locations
 * are WGS84 degrees plus an accuracy radius in km; times are ISO 8601. A breaking change is a new
 * {@code vN} event type; an added field is optional. PAN and CVV never appear in any event: cards
 * are identified by their token.
 */
package io.paystream.contracts;
