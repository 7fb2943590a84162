package io.paystream.benefit.tip;

import io.paystream.benefit.earning.Earning;

/**
 * What one held card would have earned.
 *
 * @param card the card
 * @param earning its benefit
 */
public record CardEarning(HeldCard card, Earning earning) {}
