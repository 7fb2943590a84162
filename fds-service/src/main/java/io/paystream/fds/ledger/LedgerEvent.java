package io.paystream.fds.ledger;

import io.paystream.contracts.event.PaymentStatus;
import java.util.List;

/**
 * A row of the append-only {@code ledger.payment_events}.
 *
 * @param paymentId payment id
 * @param sequence 0 for {@code RECEIVED}, then 1, 2, ... per transition
 * @param status the state entered
 * @param reasonCodes why
 * @param dataJson details as JSON: the request for sequence 0, the decision's figures after
 */
public record LedgerEvent(
    String paymentId,
    int sequence,
    PaymentStatus status,
    List<String> reasonCodes,
    String dataJson) {}
