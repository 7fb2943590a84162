package io.paystream.auth.client;

import java.time.Instant;
import java.util.Set;

/**
 * A registered client as {@code GET /admin/clients/{clientId}} shows it: never the secret.
 *
 * @param clientId the client id ({@code sub} of its tokens)
 * @param scopes granted scopes
 * @param merchantId {@code merchant_id} claim, or {@code null}
 * @param tier rate-limit tier claim
 * @param clientIdIssuedAt when the client was registered
 */
public record ClientView(
    String clientId,
    Set<String> scopes,
    String merchantId,
    String tier,
    Instant clientIdIssuedAt) {}
