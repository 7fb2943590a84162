package io.paystream.benefit.tip;

/** The outcome of a tip decision. */
public enum TipKind {
  /**
   * Another card of the customer would have earned at least the margin more: template {@code
   * benefit-tip}.
   */
  BETTER_CARD("benefit-tip"),
  /** A catalog product they do not hold would have: template {@code product-suggestion}. */
  PRODUCT_SUGGESTION("product-suggestion"),
  /** No tip. */
  NONE(null);

  private final String templateId;

  TipKind(String templateId) {
    this.templateId = templateId;
  }

  /** The notification template, or {@code null} for {@link #NONE}. */
  public String templateId() {
    return templateId;
  }
}
