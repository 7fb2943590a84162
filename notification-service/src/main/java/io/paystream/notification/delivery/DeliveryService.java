package io.paystream.notification.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.notification.contact.ChannelSelector;
import io.paystream.notification.contact.ContactDirectory;
import io.paystream.notification.contact.RecipientMasking;
import io.paystream.notification.provider.Attempt;
import io.paystream.notification.provider.PermanentProviderException;
import io.paystream.notification.provider.ProviderException;
import io.paystream.notification.provider.ResilientProvider;
import io.paystream.notification.quiet.QuietHoursPolicy;
import io.paystream.notification.template.RenderedMessage;
import io.paystream.notification.template.TemplateException;
import io.paystream.notification.template.TemplateRenderer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Delivers one {@code notification.requested.v1}: claims the delivery row of its dedup key,
 * resolves the contact, renders the template, applies quiet hours and calls the channel's provider
 * — all in one database transaction, so the row lock serialises duplicates and the outcome is
 * written together with the claim. A dedup key whose row is {@code SENT} is never sent again; a
 * replay from the DLT may retry a {@code FAILED} row.
 *
 * <p>Crash window: if the process dies after the provider accepted a message but before the
 * transaction commits, the claim rolls back and the redelivered event sends again (SMS and FCM have
 * no idempotency key). The window is one provider round trip.
 */
public class DeliveryService {

  /**
   * Counter of handled events, tags {@code channel} (SMS, PUSH, EMAIL, or PREFERRED when no route
   * was chosen) and {@code status} ({@link DeliveryOutcome.Kind}: SENT, DUPLICATE, DEFERRED,
   * RETRY_LATER, FAILED). Counted after the outcome's transaction committed; Prometheus name {@code
   * notification_deliveries_total}.
   */
  public static final String DELIVERIES_METRIC = "notification.deliveries";

  private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

  private final DeliveryRepository deliveries;
  private final ContactDirectory contacts;
  private final TemplateRenderer templates;
  private final QuietHoursPolicy quietHours;
  private final Map<NotificationChannel, ResilientProvider> providers;
  private final TransactionalOperator transactions;
  private final Clock clock;
  private final MeterRegistry meters;

  public DeliveryService(
      DeliveryRepository deliveries,
      ContactDirectory contacts,
      TemplateRenderer templates,
      QuietHoursPolicy quietHours,
      List<ResilientProvider> providers,
      TransactionalOperator transactions,
      Clock clock,
      MeterRegistry meters) {
    this.deliveries = deliveries;
    this.contacts = contacts;
    this.templates = templates;
    this.quietHours = quietHours;
    this.providers = new EnumMap<>(NotificationChannel.class);
    providers.forEach(p -> this.providers.put(p.channel(), p));
    this.transactions = transactions;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * Handles one event.
   *
   * @param event the event
   * @param replay {@code true} when the event comes back from the DLT: a {@code FAILED} row may be
   *     tried again (a {@code SENT} one never)
   */
  public Mono<DeliveryOutcome> deliver(Event<NotificationRequested> event, boolean replay) {
    NotificationRequested request = event.data();
    Mono<DeliveryOutcome> work =
        deliveries
            .claim(
                request.dedupKey(),
                request.notificationId(),
                event.id(),
                request.customerId(),
                request.channel().name(),
                request.templateId(),
                request.locale())
            .flatMap(claim -> handleClaimed(event, claim, replay));
    return transactions
        .transactional(work)
        .doOnNext(
            outcome ->
                Counter.builder(DELIVERIES_METRIC)
                    .description("notification.requested.v1 events handled, by outcome")
                    .tag("channel", outcome.channel().name())
                    .tag("status", outcome.kind().name())
                    .register(meters)
                    .increment());
  }

  private Mono<DeliveryOutcome> handleClaimed(
      Event<NotificationRequested> event, DeliveryRepository.Claim claim, boolean replay) {
    NotificationRequested request = event.data();
    switch (claim.status()) {
      case SENT, DEFERRED -> {
        log.info("duplicate {} ({}): already {}", request.dedupKey(), event.id(), claim.status());
        return Mono.just(DeliveryOutcome.of(DeliveryOutcome.Kind.DUPLICATE, request.channel()));
      }
      case FAILED -> {
        if (!replay) {
          log.info("duplicate {} ({}): already FAILED", request.dedupKey(), event.id());
          return Mono.just(DeliveryOutcome.of(DeliveryOutcome.Kind.DUPLICATE, request.channel()));
        }
      }
      default -> {
        // PENDING, RETRYING, RELEASED: (re)try
      }
    }
    // A replay follows an operator's fix of the data: read the registry, not a cached answer.
    return (replay ? contacts.findFresh(request.customerId()) : contacts.find(request.customerId()))
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            contact -> {
              if (contact.isEmpty()) {
                return fail(
                    claim,
                    request,
                    request.channel(),
                    null,
                    request.locale(),
                    "contact-not-found",
                    "customer " + request.customerId() + " has no contacts");
              }
              String language =
                  templates.resolveLanguage(
                      request.locale() != null ? request.locale() : contact.get().locale());
              Optional<ChannelSelector.Route> route =
                  ChannelSelector.select(request.channel(), contact.get());
              if (route.isEmpty()) {
                return fail(
                    claim,
                    request,
                    request.channel(),
                    null,
                    language,
                    "no-address-for-channel",
                    "customer "
                        + request.customerId()
                        + " has no "
                        + request.channel()
                        + " address");
              }
              RenderedMessage message;
              try {
                message = templates.render(request.templateId(), language, request.parameters());
              } catch (TemplateException e) {
                return fail(
                    claim,
                    request,
                    route.get().channel(),
                    route.get().address(),
                    language,
                    "template-invalid",
                    e.getMessage());
              }
              if (claim.status() != DeliveryStatus.RELEASED) {
                Optional<Instant> deferUntil =
                    quietHours.deferUntil(
                        language, request.templateId(), request.urgent(), clock.instant());
                if (deferUntil.isPresent()) {
                  return defer(event, claim, route.get().channel(), language, deferUntil.get());
                }
              }
              return send(claim, request, route.get(), language, message);
            });
  }

  private Mono<DeliveryOutcome> defer(
      Event<NotificationRequested> event,
      DeliveryRepository.Claim claim,
      NotificationChannel channel,
      String language,
      Instant until) {
    int attempt = claim.attempts() + 1;
    log.info("deferring {} until {} (quiet hours, {})", event.data().dedupKey(), until, language);
    return deliveries
        .defer(claim.id(), until, DeferredEvents.toJson(event), language, attempt)
        .then(
            deliveries.logAttempt(
                claim.id(),
                attempt,
                "DEFERRED",
                null,
                "quiet hours until " + until,
                clock.instant()))
        .thenReturn(DeliveryOutcome.of(DeliveryOutcome.Kind.DEFERRED, channel));
  }

  private Mono<DeliveryOutcome> send(
      DeliveryRepository.Claim claim,
      NotificationRequested request,
      ChannelSelector.Route route,
      String language,
      RenderedMessage message) {
    ResilientProvider provider = providers.get(route.channel());
    if (provider == null) {
      return fail(
          claim,
          request,
          route.channel(),
          route.address(),
          language,
          "channel-not-configured",
          "no provider for " + route.channel());
    }
    String masked = RecipientMasking.mask(route.address());
    List<Attempt> attempts = new ArrayList<>();
    // Every table written after the provider call is locked by this transaction before it (the
    // deliveries row by the claim, the attempt log here): a lock wait can then fail the
    // transaction only before a message went out, never after it.
    return deliveries
        .lockAttemptLog()
        .then(Mono.defer(() -> provider.send(route.address(), message, attempts)))
        .map(id -> new SendResult(id, null))
        .onErrorResume(ProviderException.class, e -> Mono.just(new SendResult(null, e)))
        .flatMap(
            sent -> {
              if (sent.error() != null && attempts.isEmpty()) {
                attempts.add(new Attempt(false, null, sent.error(), clock.instant()));
              }
              int first = claim.attempts() + 1;
              Mono<Void> logged =
                  Flux.range(0, attempts.size())
                      .concatMap(i -> logAttempt(claim, first + i, attempts.get(i)))
                      .then();
              int total = claim.attempts() + attempts.size();
              if (sent.error() == null) {
                log.info(
                    "sent {} via {} to {} ({})",
                    request.dedupKey(),
                    route.channel(),
                    masked,
                    sent.providerMessageId());
                return logged
                    .then(
                        deliveries.update(
                            claim.id(),
                            DeliveryStatus.SENT,
                            route.channel().name(),
                            masked,
                            language,
                            total,
                            sent.providerMessageId(),
                            null))
                    .thenReturn(DeliveryOutcome.of(DeliveryOutcome.Kind.SENT, route.channel()));
              }
              return logged.then(outcomeOf(claim, route, masked, language, total, sent.error()));
            });
  }

  private Mono<DeliveryOutcome> outcomeOf(
      DeliveryRepository.Claim claim,
      ChannelSelector.Route route,
      String masked,
      String language,
      int total,
      ProviderException error) {
    boolean permanent = error instanceof PermanentProviderException;
    DeliveryStatus status = permanent ? DeliveryStatus.FAILED : DeliveryStatus.RETRYING;
    log.warn(
        "{} via {} to {}: {} ({})",
        status,
        route.channel(),
        masked,
        error.reason(),
        error.getMessage());
    return deliveries
        .update(
            claim.id(),
            status,
            route.channel().name(),
            masked,
            language,
            total,
            null,
            error.reason() + ": " + error.getMessage())
        .thenReturn(
            new DeliveryOutcome(
                permanent ? DeliveryOutcome.Kind.FAILED : DeliveryOutcome.Kind.RETRY_LATER,
                error.reason(),
                error,
                route.channel()));
  }

  private record SendResult(String providerMessageId, ProviderException error) {}

  private Mono<Void> logAttempt(DeliveryRepository.Claim claim, int n, Attempt attempt) {
    String status;
    if (attempt.succeeded()) {
      status = "SENT";
    } else if (attempt.error() instanceof PermanentProviderException) {
      status = "FAILED";
    } else {
      status = "TRANSIENT_FAILURE";
    }
    String error = attempt.error() == null ? null : attempt.error().getMessage();
    return deliveries.logAttempt(
        claim.id(), n, status, attempt.providerMessageId(), error, attempt.at());
  }

  private Mono<DeliveryOutcome> fail(
      DeliveryRepository.Claim claim,
      NotificationRequested request,
      NotificationChannel channel,
      String address,
      String language,
      String reason,
      String message) {
    int attempt = claim.attempts() + 1;
    log.warn("FAILED {}: {} ({})", request.dedupKey(), reason, message);
    return deliveries
        .logAttempt(claim.id(), attempt, "FAILED", null, reason + ": " + message, clock.instant())
        .then(
            deliveries.update(
                claim.id(),
                DeliveryStatus.FAILED,
                channel.name(),
                RecipientMasking.mask(address),
                language,
                attempt,
                null,
                reason + ": " + message))
        .thenReturn(
            new DeliveryOutcome(
                DeliveryOutcome.Kind.FAILED,
                reason,
                new PermanentProviderException("notification", reason, message, null),
                channel));
  }
}
