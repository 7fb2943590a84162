package io.paystream.devstack.sandbox;

import java.time.Instant;

/**
 * A message the SMS provider sandbox accepted, as {@code GET /sandbox/messages} returns it.
 *
 * @param sid Twilio-style message SID ({@code SM} + 32 hex digits)
 * @param accountSid the account it was sent with
 * @param to recipient, E.164 ({@code +14155550100})
 * @param from sender, E.164
 * @param body message text
 * @param receivedAt when the sandbox accepted it
 */
public record SmsMessage(
    String sid, String accountSid, String to, String from, String body, Instant receivedAt) {}
