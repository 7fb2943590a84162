package io.paystream.benefit.tip;

import io.paystream.benefit.catalog.CardProduct;
import java.util.Objects;

/**
 * A card the customer holds, as benefit-service knows it from payments seen.
 *
 * @param cardToken card token
 * @param brand card brand
 * @param lastFour last four digits of the PAN
 * @param product its catalog product, or {@code null} when it maps to none (earns nothing)
 */
public record HeldCard(String cardToken, String brand, String lastFour, CardProduct product) {

  public HeldCard {
    Objects.requireNonNull(cardToken, "cardToken");
  }

  /** {@code Visa 1234}: how a tip names a card (never more digits than the last four). */
  public String displayName() {
    return brand + " " + lastFour;
  }
}
