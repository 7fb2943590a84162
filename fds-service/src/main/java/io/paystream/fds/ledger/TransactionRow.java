package io.paystream.fds.ledger;

import io.paystream.contracts.event.PaymentStatus;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A new row of {@code ledger.transactions}.
 *
 * @param paymentId payment id
 * @param cardToken card token
 * @param customerId cardholder
 * @param clientId submitting OAuth2 client (owner for reads)
 * @param merchantId merchant id
 * @param merchantName merchant name
 * @param channel {@code POS}, {@code APP} or {@code ONLINE}
 * @param amountMinor amount in ISO 4217 minor units
 * @param currency ISO 4217 code
 * @param locationJson the location as JSON, or {@code null}
 * @param occurredAt event time
 * @param status current state
 * @param lastSequence sequence of the latest ledger event
 * @param reasonCodes reason codes of the current state
 * @param travelJson impossible-travel figures as JSON, or {@code null}
 * @param ruleSetVersion the fraud rule set version that decided it ({@code 0} = built-in default)
 */
public record TransactionRow(
    String paymentId,
    String cardToken,
    String customerId,
    String clientId,
    String merchantId,
    String merchantName,
    String channel,
    long amountMinor,
    String currency,
    String locationJson,
    OffsetDateTime occurredAt,
    PaymentStatus status,
    int lastSequence,
    List<String> reasonCodes,
    String travelJson,
    Long ruleSetVersion) {}
