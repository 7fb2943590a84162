package io.paystream.fds.risk;

import io.paystream.contracts.event.PaymentRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a card's past payments say about its habits, for the risk features ({@link RiskFeatures}).
 * Immutable; {@link #record} returns the next one. Kept in {@code ledger.card_profiles.risk}
 * (JSONB). Every payment the profile records counts, whatever its decision, so fds-service and the
 * backtest see the same history.
 *
 * @param payments how many payments the card made (recorded by this profile)
 * @param merchants merchant id → event time of the card's latest payment there; at most {@link
 *     #MERCHANT_CAPACITY} (the least recently used are forgotten first)
 * @param countries ISO 3166-1 alpha-2 country → event time of the card's latest payment there (the
 *     payment's place for card-present payments, the merchant's country otherwise)
 * @param mccGroups the MCC groups ({@link RiskFeatures#mccGroup}) the card paid in, sorted
 * @param hours 24 counts: the card's payments by local hour of day (the payment's own UTC offset)
 */
public record RiskProfile(
    long payments,
    Map<String, Instant> merchants,
    Map<String, Instant> countries,
    List<String> mccGroups,
    List<Integer> hours) {

  /** How many merchants a profile remembers. */
  public static final int MERCHANT_CAPACITY = 256;

  public RiskProfile {
    merchants = merchants == null ? Map.of() : Map.copyOf(merchants);
    countries = countries == null ? Map.of() : Map.copyOf(countries);
    mccGroups = mccGroups == null ? List.of() : List.copyOf(new TreeSet<>(mccGroups));
    if (hours == null || hours.size() != 24) {
      hours = new ArrayList<>(java.util.Collections.nCopies(24, 0));
    }
    hours = List.copyOf(hours);
  }

  /** The profile of a card with no payment yet. */
  public static RiskProfile empty() {
    return new RiskProfile(0, Map.of(), Map.of(), List.of(), null);
  }

  /** This profile after {@code payment}. */
  public RiskProfile record(PaymentRequested payment) {
    Instant at = payment.occurredAt().toInstant();
    Map<String, Instant> nextMerchants = new HashMap<>(merchants);
    nextMerchants.merge(payment.merchant().id(), at, (a, b) -> a.isAfter(b) ? a : b);
    if (nextMerchants.size() > MERCHANT_CAPACITY) {
      nextMerchants.entrySet().stream()
          .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
          .limit(nextMerchants.size() - MERCHANT_CAPACITY)
          .map(Map.Entry::getKey)
          .toList()
          .forEach(nextMerchants::remove);
    }
    Map<String, Instant> nextCountries = new HashMap<>(countries);
    String country = RiskFeatures.countryOf(payment);
    if (country != null) {
      nextCountries.merge(country, at, (a, b) -> a.isAfter(b) ? a : b);
    }
    List<String> nextGroups = new ArrayList<>(mccGroups);
    String group = RiskFeatures.mccGroup(payment.merchant().mcc());
    if (group != null && !mccGroups.contains(group)) {
      nextGroups.add(group);
    }
    List<Integer> nextHours = new ArrayList<>(hours);
    int hour = payment.occurredAt().getHour();
    nextHours.set(hour, nextHours.get(hour) + 1);
    return new RiskProfile(payments + 1, nextMerchants, nextCountries, nextGroups, nextHours);
  }
}
