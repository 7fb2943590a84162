package io.paystream.fds.rules;

import java.time.OffsetDateTime;

/**
 * One row of {@code ledger.fraud_rule_sets}.
 *
 * @param version the set's version, 1, 2, ... (0 = the built-in default, never stored)
 * @param rulesJson the set as {@code {"rules":[...]}}
 * @param createdBy who saved it (the admin token's {@code sub})
 * @param createdAt when
 * @param reason why, as given by its author
 */
public record StoredRuleSet(
    long version, String rulesJson, String createdBy, OffsetDateTime createdAt, String reason) {}
