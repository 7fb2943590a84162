package io.paystream.verification.request;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.VerificationRequested;
import io.paystream.platform.kafka.ReceivedEvent;
import io.paystream.verification.challenge.ChallengeService;
import io.paystream.verification.contact.ContactRepository;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code verification-requests} (group {@code verification}): one challenge per payment.
 * The listener returns only after the challenge, the SMS request and their outbox rows are
 * committed, and the offset is committed after that (ack mode {@code RECORD}); a redelivered event
 * finds the payment's challenge and changes nothing. Failures are the platform error handler's: a
 * database outage or timeout is retried in place until the challenge is committed (a held payment's
 * verification is never lost to the dead-letter topic); a record that is not a {@code
 * verification.requested.v1} goes to {@code verification-requests-verification-dlt} with the
 * reason.
 */
@Component
public class VerificationRequestListener {

  private static final Logger log = LoggerFactory.getLogger(VerificationRequestListener.class);
  private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(30);

  private final ChallengeService service;
  private final ContactRepository contacts;

  public VerificationRequestListener(ChallengeService service, ContactRepository contacts) {
    this.service = service;
    this.contacts = contacts;
  }

  @KafkaListener(topics = "verification-requests", groupId = "verification")
  public void onVerificationRequested(Event<?> event) {
    VerificationRequested request = ReceivedEvent.dataOf(event, Topics.VERIFICATION_REQUESTS);
    Boolean created =
        contacts
            .find(request.customerId())
            .map(java.util.Optional::of)
            .defaultIfEmpty(java.util.Optional.empty())
            .flatMap(contact -> service.open(event.id(), request, contact.orElse(null)))
            .block(EFFECT_TIMEOUT);
    log.debug(
        "verification request {} for payment {}: created={}",
        event.id(),
        request.paymentId(),
        created);
  }
}
