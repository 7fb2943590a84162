package io.paystream.fds.rule;

/**
 * Settings of the card-status rule.
 *
 * @param enabled whether blocked and suspended cards are denied
 */
public record CardStatusSettings(boolean enabled) {

  /** The defaults: on. */
  public static final CardStatusSettings DEFAULTS = new CardStatusSettings(true);
}
