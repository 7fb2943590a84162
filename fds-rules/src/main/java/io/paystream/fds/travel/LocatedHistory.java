package io.paystream.fds.travel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A card's most recent located payments, ordered by event time (oldest first) and bounded in size,
 * so that a payment arriving out of order can be compared with its neighbour in time instead of the
 * latest one. Immutable.
 *
 * @param entries located payments, oldest first
 */
public record LocatedHistory(List<LocatedPayment> entries) {

  /** How many located payments a card keeps by default. */
  public static final int DEFAULT_CAPACITY = 16;

  private static final Comparator<LocatedPayment> BY_TIME =
      Comparator.comparing(LocatedPayment::occurredAt).thenComparing(LocatedPayment::paymentId);

  public LocatedHistory {
    entries = List.copyOf(entries.stream().sorted(BY_TIME).toList());
  }

  /** No located payment yet. */
  public static LocatedHistory empty() {
    return new LocatedHistory(List.of());
  }

  /**
   * The neighbour in time of a payment at {@code occurredAt}: the latest located payment at or
   * before it, else (the payment is older than all of them) the earliest one after it.
   */
  public Optional<LocatedPayment> neighbourOf(Instant occurredAt) {
    LocatedPayment before = null;
    for (LocatedPayment entry : entries) {
      if (entry.occurredAt().isAfter(occurredAt)) {
        return Optional.of(before != null ? before : entry);
      }
      before = entry;
    }
    return Optional.ofNullable(before);
  }

  /** The latest located payment by event time: the card's last known location. */
  public Optional<LocatedPayment> last() {
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.getLast());
  }

  /**
   * This history with {@code payment} added in event-time order, keeping the {@code capacity}
   * latest; adding a payment id already present changes nothing.
   */
  public LocatedHistory with(LocatedPayment payment, int capacity) {
    Objects.requireNonNull(payment, "payment");
    if (entries.stream().anyMatch(e -> e.paymentId().equals(payment.paymentId()))) {
      return this;
    }
    List<LocatedPayment> next = new ArrayList<>(entries);
    next.add(payment);
    next.sort(BY_TIME);
    if (next.size() > capacity) {
      next = next.subList(next.size() - capacity, next.size());
    }
    return new LocatedHistory(next);
  }
}
