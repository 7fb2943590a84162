package io.paystream.verification.challenge;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.event.VerificationCompleted;
import io.paystream.contracts.event.VerificationOutcome;
import io.paystream.contracts.event.VerificationRequested;
import io.paystream.platform.outbox.OutboxWriter;
import io.paystream.platform.postgres.LockedRows;
import io.paystream.verification.contact.Contact;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates challenges, applies answers (SMS or app), resends codes and expires them; every state
 * change, the SMS requests it causes and the result event are written in one R2DBC transaction
 * (result and SMS requests through the outbox).
 */
@Service
public class ChallengeService {

  /** notification-service template of the challenge SMS. */
  public static final String TEMPLATE_CHALLENGE = "verification-challenge";

  /** Template of the reply to a wrong code: parameter {@code remainingAttempts}. */
  public static final String TEMPLATE_WRONG_CODE = "verification-wrong-code";

  /** Template of the reply to an unreadable answer: how to answer. */
  public static final String TEMPLATE_HELP = "verification-help";

  private static final Logger log = LoggerFactory.getLogger(ChallengeService.class);
  private static final String SOURCE = "verification-api";

  private final ChallengeRepository challenges;
  private final OutboxWriter outbox;
  private final OneTimeCodes codes;
  private final ChallengeRules rules;
  private final SmsSendPolicy smsPolicy;
  private final TransactionalOperator tx;
  private final Clock clock;
  private final OutcomeMetrics metrics;

  public ChallengeService(
      ChallengeRepository challenges,
      OutboxWriter outbox,
      OneTimeCodes codes,
      ChallengeRules rules,
      SmsSendPolicy smsPolicy,
      TransactionalOperator tx,
      Clock clock,
      OutcomeMetrics metrics) {
    this.challenges = challenges;
    this.outbox = outbox;
    this.codes = codes;
    this.rules = rules;
    this.smsPolicy = smsPolicy;
    this.tx = tx;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Opens a challenge for a held payment and asks for the challenge SMS. A payment that already has
   * a challenge (duplicate or re-sent event) changes nothing.
   *
   * @param eventId the request event's id
   * @param request the request
   * @param contact the cardholder's contact; without a phone the challenge is opened but no SMS can
   *     be sent (it will expire)
   * @return {@code true} if a challenge was created
   */
  public Mono<Boolean> open(String eventId, VerificationRequested request, Contact contact) {
    return Mono.defer(
        () -> {
          Instant now = now();
          UUID id = UUID.randomUUID();
          String code = codes.newCode();
          String phone = contact != null && contact.hasPhone() ? contact.phoneE164() : null;
          Challenge challenge =
              Challenge.open(
                  id,
                  request.paymentId(),
                  request.cardToken(),
                  request.customerId(),
                  phone,
                  codes.hash(id, code),
                  now,
                  rules,
                  rules.answerDeadline(request.holdExpiresAt(), now));
          ChallengeDetails details =
              new ChallengeDetails(
                  contact == null ? null : contact.locale(),
                  request.merchantName(),
                  request.amountMinor(),
                  request.currency(),
                  request.location() == null ? null : request.location().country());
          return challenges
              .insertIfAbsent(challenge, details, eventId)
              .flatMap(
                  inserted -> {
                    if (!inserted) {
                      log.info(
                          "payment {} already has a challenge; event {} ignored",
                          request.paymentId(),
                          eventId);
                      return Mono.just(false);
                    }
                    if (phone == null) {
                      log.warn(
                          "customer {} has no phone: challenge {} opened without an SMS",
                          request.customerId(),
                          id);
                      return Mono.just(true);
                    }
                    if (challenge.isPastValidity(now)) {
                      // the request arrived after its answer deadline (fds lagging): no code is
                      // sent that could not be used; the sweeper ends it as EXPIRED
                      log.warn(
                          "challenge {} of payment {} opened past its answer deadline {}",
                          id,
                          request.paymentId(),
                          challenge.answerDeadline());
                      return Mono.just(true);
                    }
                    Map<String, String> params = challengeParameters(details, code);
                    return sendSms(challenge, details, TEMPLATE_CHALLENGE, params, false, 1)
                        .thenReturn(true);
                  })
              .as(tx::transactional);
        });
  }

  /**
   * Applies an SMS answer from {@code phone} to that phone's open challenges (see {@link
   * #answerBySms(List, Reply, Instant, List)}: the one whose code it carries, else the most
   * recent), once per provider message id.
   *
   * @return what happened ({@link Outcome#replay} for a replayed message id, {@link
   *     Outcome#noChallenge} when the phone has no open challenge)
   */
  public Mono<Outcome> answerBySms(String messageSid, String phone, String body) {
    Reply reply = Reply.parse(body);
    return Mono.defer(
        () -> {
          Instant now = now();
          List<Outcome> alsoDecided = new java.util.ArrayList<>();
          return challenges
              .recordProviderMessage(messageSid, phone, now, "RECEIVED")
              .flatMap(
                  first -> {
                    if (!first) {
                      return Mono.just(Outcome.replay());
                    }
                    return challenges
                        .lockOpenByPhone(phone)
                        .collectList()
                        .flatMap(
                            open ->
                                open.isEmpty()
                                    ? Mono.just(Outcome.noChallenge())
                                    : answerBySms(open, reply, now, alsoDecided))
                        .flatMap(
                            o ->
                                challenges
                                    .noteProviderMessageResult(messageSid, o.describe())
                                    .thenReturn(o));
                  })
              .as(tx::transactional)
              .doOnNext(
                  o -> {
                    alsoDecided.forEach(this::countOutcome);
                    countOutcome(o);
                  });
        });
  }

  /**
   * Applies an in-app answer to challenge {@code id} of {@code customerId}.
   *
   * @return the outcome; empty if there is no such challenge for this customer
   */
  public Mono<Outcome> answerInApp(UUID id, String customerId, Reply reply) {
    return Mono.defer(
        () -> {
          Instant now = now();
          return challenges
              .lockById(id)
              .filter(c -> c.customerId().equals(customerId))
              .flatMap(c -> apply(c, reply, "APP", now))
              .as(tx::transactional)
              .doOnNext(this::countOutcome);
        });
  }

  /** Expires up to {@code limit} open challenges past their validity; emits how many. */
  public Mono<Integer> expireDue(int limit) {
    return Mono.defer(
        () -> {
          Instant now = now();
          return LockedRows.readFully(challenges.lockDueForExpiry(now, limit))
              .concatMap(
                  c -> {
                    Challenge expired = c.expireIfDue(now);
                    if (expired == c) {
                      return Mono.just(0); // not due at this precision: next pass
                    }
                    return challenges.update(expired).then(emitResult(expired)).thenReturn(1);
                  })
              .reduce(0, Integer::sum)
              .as(tx::transactional)
              .doOnNext(n -> metrics.decided(ChallengeStatus.EXPIRED, n));
        });
  }

  /**
   * Sends challenge {@code id} of {@code customerId} a new code (the cardholder's resend), within
   * the phone's SMS limits ({@link SmsSendPolicy}, throttled: at most one SMS of any kind per phone
   * per {@code resend-interval}, and the daily cap). Refused by the limits, nothing changes: the
   * code in force stays valid. Sent, a new code replaces the old one (which no longer verifies),
   * the validity restarts and the failed-attempt counter is kept, so a resend never buys guesses. A
   * challenge found past its validity is expired instead (result emitted), as an answer would.
   *
   * @return what happened; empty if there is no such challenge for this customer
   */
  public Mono<Resend> resend(UUID id, String customerId) {
    return Mono.defer(
        () -> {
          Instant now = now();
          return challenges
              .lockById(id)
              .filter(c -> c.customerId().equals(customerId))
              .flatMap(c -> resend(c, now))
              .as(tx::transactional)
              .doOnNext(
                  r -> {
                    if (r instanceof Resend.Closed closed && closed.endedNow()) {
                      metrics.decided(closed.status(), 1);
                    }
                  });
        });
  }

  private Mono<Resend> resend(Challenge c, Instant now) {
    if (c.status().isTerminal()) {
      return Mono.just(new Resend.Closed(c.status(), false));
    }
    Challenge expired = c.expireIfDue(now);
    if (expired != c) {
      return challenges
          .update(expired)
          .then(emitResult(expired))
          .thenReturn(new Resend.Closed(ChallengeStatus.EXPIRED, true));
    }
    if (c.phoneE164() == null) {
      return Mono.just(new Resend.NoPhone());
    }
    Instant startOfDay = now.truncatedTo(ChronoUnit.DAYS);
    return challenges
        .lockSmsHistory(c.phoneE164(), null, startOfDay)
        .flatMap(
            history -> {
              SmsSendPolicy.Decision decision =
                  smsPolicy.decide(true, history.lastSentAt(), history.sentToday(), now);
              if (decision != SmsSendPolicy.Decision.SEND) {
                log.warn("resend for challenge {} not sent: {}", c.id(), decision);
                return Mono.<Resend>just(
                    new Resend.Refused(
                        decision, smsPolicy.retryAt(decision, history.lastSentAt(), now)));
              }
              String code = codes.newCode();
              Challenge next = c.reissue(codes.hash(c.id(), code), now, rules);
              // one statement at a time on the transaction's connection
              return challenges
                  .details(c.id())
                  .flatMap(
                      d ->
                          challenges
                              .countSmsSends(c.id(), TEMPLATE_CHALLENGE)
                              .flatMap(
                                  sent ->
                                      challenges
                                          .update(next)
                                          .then(
                                              requestSms(
                                                  next,
                                                  d,
                                                  TEMPLATE_CHALLENGE,
                                                  challengeParameters(d, code),
                                                  Long.toString(sent + 1),
                                                  now))))
                  .doOnSuccess(v -> log.info("challenge {} sent a new code", c.id()))
                  .thenReturn(
                      new Resend.Sent(
                          next.id(),
                          next.expiresAt(),
                          rules.maxFailedAttempts() - next.failedAttempts()));
            });
  }

  private void countOutcome(Outcome o) {
    boolean decided =
        o.result() != null
            && switch (o.result()) {
              case APPROVED, REJECTED, EXPIRED, LOCKED -> true;
              case WRONG_CODE, HELP, NOT_OPEN -> false;
            };
    if (decided) {
      metrics.decided(o.status(), 1);
    }
  }

  /**
   * Now, at PostgreSQL's {@code timestamptz} precision (microseconds), so an instant compared in
   * Java and the same instant compared in SQL agree.
   */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * An SMS answer when the phone has several open challenges (one per held payment, newest first):
   * {@code YES <code>} goes to the challenge whose code it is; a code matching none is a wrong
   * answer for every one of them (it was tried against each, so guesses do not multiply with the
   * number of open challenges; one "attempts left" reply, for the newest). {@code NO <code>} goes
   * to the challenge whose code it is; a plain {@code NO}, a {@code NO} whose code matches none
   * (declining is always allowed, so an unknown code errs on the safe side) and anything else apply
   * to the newest. Outcomes of the other challenges are added to {@code alsoDecided} so the caller
   * can count them once the transaction has committed.
   */
  private Mono<Outcome> answerBySms(
      List<Challenge> open, Reply reply, Instant now, List<Outcome> alsoDecided) {
    Challenge newest = open.getFirst();
    if (open.size() == 1) {
      return apply(newest, reply, "SMS", now);
    }
    if (reply instanceof Reply.No(String code)) {
      return apply(carrying(open, code, newest), reply, "SMS", now);
    }
    if (!(reply instanceof Reply.Yes(String code))) {
      return apply(newest, reply, "SMS", now);
    }
    Challenge matched = carrying(open, code, null);
    if (matched != null) {
      return apply(matched, reply, "SMS", now);
    }
    return Flux.fromIterable(open.subList(1, open.size()))
        .concatMap(c -> apply(c, reply, "SMS", now, false))
        .doOnNext(alsoDecided::add)
        .then(apply(newest, reply, "SMS", now));
  }

  /** The open challenge whose code is {@code code}, else {@code otherwise}. */
  private Challenge carrying(List<Challenge> open, String code, Challenge otherwise) {
    if (code == null) {
      return otherwise;
    }
    for (Challenge c : open) {
      if (codes.matches(c.id(), code, c.codeHash())) {
        return c;
      }
    }
    return otherwise;
  }

  private Mono<Outcome> apply(Challenge c, Reply reply, String method, Instant now) {
    return apply(c, reply, method, now, true);
  }

  private Mono<Outcome> apply(
      Challenge c, Reply reply, String method, Instant now, boolean replyBySms) {
    Challenge.Answered answered = c.answer(reply, method, now, codes, rules);
    Challenge next = answered.next();
    Mono<Void> write = next == c ? Mono.empty() : challenges.update(next);
    Mono<Void> effects =
        switch (answered.result()) {
          case APPROVED, REJECTED, EXPIRED, LOCKED -> emitResult(next);
          case WRONG_CODE ->
              replyBySms && "SMS".equals(method) && next.phoneE164() != null
                  ? challenges
                      .details(next.id())
                      .flatMap(
                          d ->
                              sendSms(
                                  next,
                                  d,
                                  TEMPLATE_WRONG_CODE,
                                  Map.of(
                                      "remainingAttempts",
                                      Integer.toString(answered.remainingAttempts()),
                                      "howToAnswer",
                                      howToAnswer()),
                                  false,
                                  0))
                  : Mono.empty();
          case HELP ->
              replyBySms && "SMS".equals(method) && next.phoneE164() != null
                  ? challenges
                      .details(next.id())
                      .flatMap(
                          d ->
                              sendSms(
                                  next,
                                  d,
                                  TEMPLATE_HELP,
                                  Map.of("howToAnswer", howToAnswer()),
                                  true,
                                  0))
                  : Mono.empty();
          case NOT_OPEN -> Mono.empty();
        };
    return write
        .then(effects)
        .thenReturn(
            new Outcome(answered.result(), next.id(), next.status(), answered.remainingAttempts()));
  }

  private Mono<Void> emitResult(Challenge c) {
    VerificationCompleted data =
        new VerificationCompleted(
            c.id().toString(),
            c.paymentId(),
            c.cardToken(),
            c.customerId(),
            VerificationOutcome.valueOf(c.status().name()),
            c.method(),
            c.completedAt());
    Event<VerificationCompleted> event =
        new Event<>(
            c.id() + ":completed",
            Event.sourceOf(SOURCE),
            Topics.VERIFICATION_RESULTS.eventType(),
            c.completedAt().atOffset(ZoneOffset.UTC),
            c.paymentId(),
            data);
    log.info("challenge {} of payment {} ended {}", c.id(), c.paymentId(), c.status());
    return outbox.enqueue(Topics.VERIFICATION_RESULTS, c.cardToken(), event).then();
  }

  /**
   * Asks notification-service for one SMS if the phone's limits allow it.
   *
   * @param throttled whether the per-phone interval applies (help, resend)
   * @param sendNumber 1 for a challenge's first SMS, 0 for replies (dedup by send row)
   */
  private Mono<Void> sendSms(
      Challenge c,
      ChallengeDetails d,
      String template,
      Map<String, String> parameters,
      boolean throttled,
      int sendNumber) {
    Instant now = now();
    Instant startOfDay = now.truncatedTo(ChronoUnit.DAYS);
    return challenges
        .lockSmsHistory(c.phoneE164(), template, startOfDay)
        .flatMap(
            history -> {
              SmsSendPolicy.Decision decision =
                  smsPolicy.decide(throttled, history.lastSentAt(), history.sentToday(), now);
              if (decision != SmsSendPolicy.Decision.SEND) {
                log.warn("{} SMS for challenge {} not sent: {}", template, c.id(), decision);
                return Mono.<Void>empty();
              }
              String dedupSuffix =
                  sendNumber > 0
                      ? Integer.toString(sendNumber)
                      : now.toEpochMilli() + "-" + c.failedAttempts();
              return requestSms(c, d, template, parameters, dedupSuffix, now);
            });
  }

  /**
   * Records one SMS send for the phone's limits and puts its {@code notification.requested.v1} in
   * the outbox; the caller has checked the limits under {@link ChallengeRepository#lockSmsHistory}.
   *
   * @param dedupSuffix last part of the dedup key {@code <template>:<challengeId>:<suffix>}
   */
  private Mono<Void> requestSms(
      Challenge c,
      ChallengeDetails d,
      String template,
      Map<String, String> parameters,
      String dedupSuffix,
      Instant now) {
    String dedupKey = template + ":" + c.id() + ":" + dedupSuffix;
    String notificationId =
        UUID.nameUUIDFromBytes(dedupKey.getBytes(StandardCharsets.UTF_8)).toString();
    NotificationRequested data =
        new NotificationRequested(
            notificationId,
            dedupKey,
            c.customerId(),
            NotificationChannel.SMS,
            template,
            d.locale(),
            parameters,
            true,
            c.paymentId(),
            now);
    Event<NotificationRequested> event =
        new Event<>(
            notificationId,
            Event.sourceOf(SOURCE),
            Topics.NOTIFICATIONS.eventType(),
            now.atOffset(ZoneOffset.UTC),
            c.paymentId(),
            data);
    return challenges
        .recordSmsSend(c.phoneE164(), c.id(), template, now)
        .then(outbox.enqueue(Topics.NOTIFICATIONS, c.customerId(), event).then());
  }

  private static Map<String, String> challengeParameters(ChallengeDetails d, String code) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("merchant", d.merchantName() == null ? "" : d.merchantName());
    p.put("amount", formatAmount(d.amountMinor(), d.currency()) + " " + d.currency());
    p.put("currency", d.currency());
    p.put("place", d.place() == null ? "online" : d.place());
    p.put("code", code);
    p.put(
        "howToAnswer", "Reply YES " + code + " if this was you, or NO " + code + " if it was not.");
    return p;
  }

  private static String howToAnswer() {
    return "Reply YES followed by the 6-digit code if this was you, or NO followed by the code if it"
        + " was not.";
  }

  /**
   * {@code amountMinor} as a decimal string with the currency's ISO 4217 minor-unit digits (e.g.
   * 2350 USD → {@code 23.50}, 2350 KRW → {@code 2350}).
   */
  static String formatAmount(long amountMinor, String currency) {
    int digits;
    try {
      digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      digits = 2;
    }
    return BigDecimal.valueOf(amountMinor, digits).toPlainString();
  }

  /**
   * What an answer did.
   *
   * @param result the domain result, {@code null} for a replay or no open challenge
   * @param challengeId the challenge, {@code null} if none
   * @param status the challenge's status afterwards
   * @param remainingAttempts wrong codes still allowed
   * @param kind {@code APPLIED}, {@code REPLAY} or {@code NO_CHALLENGE}
   */
  public record Outcome(
      AnswerResult result,
      UUID challengeId,
      ChallengeStatus status,
      int remainingAttempts,
      String kind) {

    Outcome(AnswerResult result, UUID challengeId, ChallengeStatus status, int remaining) {
      this(result, challengeId, status, remaining, "APPLIED");
    }

    static Outcome replay() {
      return new Outcome(null, null, null, 0, "REPLAY");
    }

    static Outcome noChallenge() {
      return new Outcome(null, null, null, 0, "NO_CHALLENGE");
    }

    String describe() {
      return result == null ? kind : result.name();
    }
  }

  /** What a resend did. */
  public sealed interface Resend {

    /**
     * A new code was sent.
     *
     * @param challengeId the challenge
     * @param expiresAt end of the new code's validity
     * @param remainingAttempts wrong codes still allowed (unchanged by the resend)
     */
    record Sent(UUID challengeId, Instant expiresAt, int remainingAttempts) implements Resend {}

    /**
     * The phone's SMS limits refused it; the code in force is unchanged.
     *
     * @param reason {@code THROTTLED} (interval) or {@code CAPPED} (daily cap)
     * @param retryAt when a resend could succeed
     */
    record Refused(SmsSendPolicy.Decision reason, Instant retryAt) implements Resend {}

    /**
     * The challenge has ended.
     *
     * @param status its terminal status
     * @param endedNow whether this call ended it (found past its validity: {@code EXPIRED})
     */
    record Closed(ChallengeStatus status, boolean endedNow) implements Resend {}

    /** The customer has no phone to send to. */
    record NoPhone() implements Resend {}
  }
}
