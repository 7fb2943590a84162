package io.paystream.benefit.tip;

import java.util.Objects;

/**
 * Whether and what to tip for one payment.
 *
 * @param kind better held card, catalog suggestion or none
 * @param reason why there is no tip ({@link NoTipReason#NONE} when there is one)
 * @param card the better held card ({@link TipKind#BETTER_CARD}), else {@code null}
 * @param product the suggested product ({@link TipKind#PRODUCT_SUGGESTION}), else {@code null}
 * @param differenceMinor how much more it would have earned, minor units (0 without a tip)
 * @param marginMinor the margin it had to reach, minor units
 */
public record TipDecision(
    TipKind kind,
    NoTipReason reason,
    CardEarning card,
    ProductEarning product,
    long differenceMinor,
    long marginMinor) {

  public TipDecision {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }

  /** No tip, for {@code reason}. */
  public static TipDecision none(NoTipReason reason, long marginMinor) {
    return new TipDecision(TipKind.NONE, reason, null, null, 0, marginMinor);
  }

  /** Whether a notification is due. */
  public boolean tips() {
    return kind != TipKind.NONE;
  }
}
