package io.paystream.benefit.payment;

import io.paystream.benefit.tip.NoTipReason;
import io.paystream.benefit.tip.TipKind;

/**
 * What processing one payment did.
 *
 * @param duplicate the payment had been processed before (redelivery): nothing was done
 * @param kind the tip sent, or {@link TipKind#NONE}
 * @param reason why no tip ({@link NoTipReason#NONE} when one was sent)
 * @param missedMinor how much more the best held card would have earned than the card used, minor
 *     units
 */
public record TipOutcome(boolean duplicate, TipKind kind, NoTipReason reason, long missedMinor) {

  static final TipOutcome DUPLICATE = new TipOutcome(true, TipKind.NONE, NoTipReason.NONE, 0);
}
