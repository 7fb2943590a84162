package io.paystream.fds.risk;

import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.TravelAssessment;
import io.paystream.fds.rule.AmountSpikeRule;
import io.paystream.fds.rule.CardProfile;
import io.paystream.fds.rule.RecentPayment;
import io.paystream.fds.rule.RuleResult;
import io.paystream.fds.rule.RuleSettings;
import io.paystream.fds.rule.VelocityRule;
import io.paystream.fds.rule.Verdict;
import io.paystream.fds.travel.ImpossibleTravelRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The risk features of one payment ({@link Feature}), computed from the payment and the card's
 * profile as it was before the payment, in one pass. Pure: the same inputs give the same features
 * in fds-service and in the backtest.
 *
 * @param variables every {@link Feature#variable()} → its value ({@code Long}, {@code Double},
 *     {@code Boolean} or {@code String}), the activation of the rule set's CEL programs
 * @param travel impossible-travel figures when the payment had a travel leg, else {@code null}
 */
public record RiskFeatures(Map<String, Object> variables, TravelAssessment travel) {

  private static final ImpossibleTravelRule TRAVEL = new ImpossibleTravelRule();
  private static final VelocityRule VELOCITY = new VelocityRule();
  private static final AmountSpikeRule SPIKE = new AmountSpikeRule();

  /** The feature {@code f}'s value. */
  public Object get(Feature f) {
    return variables.get(f.variable());
  }

  /** Computes the features of {@code payment} for a card with {@code profile}. */
  public static RiskFeatures compute(
      PaymentRequested payment, CardProfile profile, RuleSettings settings) {
    Map<String, Object> v = new HashMap<>(48);
    Instant at = payment.occurredAt().toInstant();
    RiskProfile risk = profile.risk();
    String country = countryOf(payment);
    String mcc = payment.merchant().mcc() == null ? "" : payment.merchant().mcc();
    String group = mccGroup(mcc);

    v.put(
        Feature.AMOUNT.variable(),
        payment.amountMinor() / Math.pow(10, digits(payment.currency())));
    v.put(Feature.AMOUNT_MINOR.variable(), payment.amountMinor());
    v.put(Feature.CURRENCY.variable(), payment.currency());
    v.put(Feature.CHANNEL.variable(), payment.channel().name());
    v.put(Feature.CARD_PRESENT.variable(), payment.channel().cardPresent());
    v.put(Feature.MCC.variable(), mcc);
    v.put(Feature.MCC_GROUP.variable(), group == null ? "" : group);
    v.put(Feature.COUNTRY.variable(), country == null ? "" : country);
    int hour = payment.occurredAt().getHour();
    v.put(Feature.HOUR_OF_DAY.variable(), (long) hour);

    v.put(Feature.CARD_PAYMENTS.variable(), risk.payments());
    v.put(Feature.NEW_MERCHANT.variable(), !risk.merchants().containsKey(payment.merchant().id()));
    Instant lastInCountry = country == null ? null : risk.countries().get(country);
    v.put(Feature.NEW_COUNTRY.variable(), country != null && lastInCountry == null);
    v.put(
        Feature.DAYS_SINCE_COUNTRY.variable(),
        lastInCountry == null
            ? -1.0
            : Math.max(0, Duration.between(lastInCountry, at).toSeconds()) / 86_400.0);
    v.put(Feature.MCC_GROUP_SEEN.variable(), group != null && risk.mccGroups().contains(group));

    long hourTotal = 0;
    long nearHour = 0;
    for (int h = 0; h < 24; h++) {
      int n = risk.hours().get(h);
      hourTotal += n;
      int d = Math.abs(h - hour);
      if (Math.min(d, 24 - d) <= 1) {
        nearHour += n;
      }
    }
    v.put(Feature.HOUR_SHARE.variable(), hourTotal == 0 ? 1.0 : nearHour / (double) hourTotal);

    // windowed counts and amounts over the recent payments (this one excluded)
    Instant hourAgo = at.minus(Duration.ofHours(1));
    Instant dayAgo = at.minus(Duration.ofHours(24));
    long cnp1h = 0;
    long cnp24h = 0;
    long payments24h = 0;
    Set<String> merchants24h = new HashSet<>();
    merchants24h.add(payment.merchant().id());
    Instant latest = null;
    long[] amounts = new long[profile.recent().size()];
    int samples = 0;
    for (RecentPayment r : profile.recent()) {
      if (r.paymentId().equals(payment.paymentId())) {
        continue;
      }
      if (r.currency().equals(payment.currency())) {
        amounts[samples++] = r.amountMinor();
      }
      if (!r.occurredAt().isAfter(at)) {
        if (latest == null || r.occurredAt().isAfter(latest)) {
          latest = r.occurredAt();
        }
        if (!r.occurredAt().isBefore(dayAgo)) {
          payments24h++;
          if (r.merchantId() != null) {
            merchants24h.add(r.merchantId());
          }
          if (r.channel() == Channel.ONLINE) {
            cnp24h++;
            if (!r.occurredAt().isBefore(hourAgo)) {
              cnp1h++;
            }
          }
        }
      }
    }
    v.put(Feature.CNP_COUNT_1H.variable(), cnp1h);
    v.put(Feature.CNP_COUNT_24H.variable(), cnp24h);
    v.put(Feature.PAYMENTS_24H.variable(), payments24h);
    v.put(Feature.DISTINCT_MERCHANTS_24H.variable(), (long) merchants24h.size());
    v.put(
        Feature.SECONDS_SINCE_LAST.variable(),
        latest == null ? -1.0 : Duration.between(latest, at).toMillis() / 1000.0);

    v.put(Feature.AMOUNT_SAMPLES.variable(), (long) samples);
    double ratio = 1.0;
    double percentile = 0.5;
    if (samples > 0) {
      long[] sorted = java.util.Arrays.copyOf(amounts, samples);
      java.util.Arrays.sort(sorted);
      int mid = samples / 2;
      double median = samples % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + (double) sorted[mid]) / 2;
      ratio = median > 0 ? payment.amountMinor() / median : Double.MAX_VALUE;
      double below = 0;
      for (long a : sorted) {
        if (a < payment.amountMinor()) {
          below += 1;
        } else if (a == payment.amountMinor()) {
          below += 0.5;
        }
      }
      percentile = below / samples;
    }
    v.put(Feature.AMOUNT_RATIO_MEDIAN.variable(), ratio);
    v.put(Feature.AMOUNT_PERCENTILE.variable(), percentile);

    RuleResult travel = TRAVEL.evaluate(payment, profile, settings);
    TravelAssessment leg = travel.travel();
    v.put(Feature.HAS_TRAVEL_LEG.variable(), leg != null);
    v.put(Feature.TRAVEL_DISTANCE_KM.variable(), leg == null ? 0.0 : leg.distanceKm());
    v.put(Feature.TRAVEL_SPEED_KMH.variable(), leg == null ? 0.0 : leg.speedKmh());
    v.put(Feature.IMPOSSIBLE_TRAVEL.variable(), travel.verdict() != Verdict.PASS);
    v.put(
        Feature.VELOCITY.variable(),
        VELOCITY.evaluate(payment, profile, settings).verdict() != Verdict.PASS);
    v.put(
        Feature.AMOUNT_SPIKE.variable(),
        SPIKE.evaluate(payment, profile, settings).verdict() != Verdict.PASS);
    return new RiskFeatures(Map.copyOf(v), leg);
  }

  /**
   * Where a payment happened: its place's country for a located (card-present) payment, else the
   * merchant's country; {@code null} when neither is known.
   */
  public static String countryOf(PaymentRequested payment) {
    if (payment.location() != null && payment.location().country() != null) {
      return payment.location().country();
    }
    return payment.merchant().country();
  }

  /** The MCC group: the code's first two digits, or {@code null} for a missing or short code. */
  public static String mccGroup(String mcc) {
    return mcc == null || mcc.length() < 2 ? null : mcc.substring(0, 2);
  }

  private static int digits(String currency) {
    try {
      int d = Currency.getInstance(currency).getDefaultFractionDigits();
      return d < 0 ? 0 : d;
    } catch (IllegalArgumentException e) {
      return 2;
    }
  }
}
