package io.paystream.contracts.event;

import java.time.Instant;

/**
 * {@code activity.recorded.v1}: one request through the gateway. Topic {@code user-activity}, key =
 * {@code subject}.
 *
 * @param requestId the {@code X-Request-Id} of the request
 * @param subject authenticated principal (JWT {@code sub}), or {@code anonymous}
 * @param clientId OAuth2 client id ({@code client_id} / {@code azp} claim), or {@code null}
 * @param merchantId {@code merchant_id} claim, or {@code null}
 * @param routeId gateway route id, or {@code null} when no route matched
 * @param method HTTP method
 * @param path request path (no query string)
 * @param status HTTP status answered
 * @param latencyMs time from request received to response committed, in ms
 * @param occurredAt when the request arrived
 */
public record ActivityRecorded(
    String requestId,
    String subject,
    String clientId,
    String merchantId,
    String routeId,
    String method,
    String path,
    int status,
    long latencyMs,
    Instant occurredAt) {}
