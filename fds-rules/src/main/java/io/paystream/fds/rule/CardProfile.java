package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentRequested;
import io.paystream.fds.risk.RiskProfile;
import io.paystream.fds.travel.LocatedHistory;
import io.paystream.fds.travel.LocatedPayment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What fds-service knows about a card when it decides one of its payments. Immutable; each change
 * returns a new profile.
 *
 * @param cardToken the card token
 * @param status what the card may be used for
 * @param located the card's recent located (card-present, approved or verified) payments; the
 *     latest is the card's last known location
 * @param recent the card's latest payments of any channel, oldest first, at most {@link
 *     #RECENT_CAPACITY}
 * @param risk the card's habits for the risk features; {@link RiskProfile#empty()} when {@code
 *     null} (profiles written before them)
 */
public record CardProfile(
    String cardToken,
    CardStatus status,
    LocatedHistory located,
    List<RecentPayment> recent,
    RiskProfile risk) {

  /** How many recent payments a profile keeps for the velocity and amount rules. */
  public static final int RECENT_CAPACITY = 32;

  public CardProfile {
    Objects.requireNonNull(cardToken, "cardToken");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(located, "located");
    recent =
        List.copyOf(
            recent.stream().sorted(Comparator.comparing(RecentPayment::occurredAt)).toList());
    risk = risk == null ? RiskProfile.empty() : risk;
  }

  /** A profile without risk history (as written before the risk features). */
  public CardProfile(
      String cardToken, CardStatus status, LocatedHistory located, List<RecentPayment> recent) {
    this(cardToken, status, located, recent, RiskProfile.empty());
  }

  /** The profile of a card never seen before. */
  public static CardProfile newCard(String cardToken) {
    return new CardProfile(cardToken, CardStatus.ACTIVE, LocatedHistory.empty(), List.of());
  }

  /**
   * This profile after {@code payment} was recorded: it joins the recent payments, and, when it is
   * located and {@code locates} is {@code true} (approved), the located history.
   */
  public CardProfile record(PaymentRequested payment, boolean locates) {
    List<RecentPayment> nextRecent = new ArrayList<>(recent);
    RiskProfile nextRisk = risk;
    if (recent.stream().noneMatch(r -> r.paymentId().equals(payment.paymentId()))) {
      nextRisk = risk.record(payment);
      nextRecent.add(
          new RecentPayment(
              payment.paymentId(),
              payment.occurredAt().toInstant(),
              payment.amountMinor(),
              payment.currency(),
              payment.channel(),
              payment.merchant().id()));
      nextRecent.sort(Comparator.comparing(RecentPayment::occurredAt));
      if (nextRecent.size() > RECENT_CAPACITY) {
        nextRecent = nextRecent.subList(nextRecent.size() - RECENT_CAPACITY, nextRecent.size());
      }
    }
    LocatedHistory nextLocated = located;
    if (locates && payment.channel().cardPresent() && payment.location() != null) {
      nextLocated =
          located.with(
              new LocatedPayment(
                  payment.paymentId(), payment.occurredAt().toInstant(), payment.location()),
              LocatedHistory.DEFAULT_CAPACITY);
    }
    return new CardProfile(cardToken, status, nextLocated, nextRecent, nextRisk);
  }

  /** This profile with {@code located} added to the located history (a verified traveller). */
  public CardProfile locatedAt(LocatedPayment payment) {
    return new CardProfile(
        cardToken, status, located.with(payment, LocatedHistory.DEFAULT_CAPACITY), recent, risk);
  }

  /** This profile with another status. */
  public CardProfile withStatus(CardStatus next) {
    return new CardProfile(cardToken, next, located, recent, risk);
  }
}
