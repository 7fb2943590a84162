package io.paystream.benefit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.benefit.TestCatalog;
import io.paystream.contracts.event.CardType;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private final Catalog catalog = TestCatalog.catalog();

  @Test
  void resolvesACatalogCodeDirectlyThenARegistryMappingThenBrandAndType() {
    assertThat(catalog.resolve("MILES", "Visa", CardType.DEBIT)).contains(TestCatalog.MILES);
    assertThat(catalog.resolve("ISSUER-GROCERY-PLAT", "Amex", CardType.CREDIT))
        .contains(TestCatalog.GROCER);
    assertThat(catalog.resolve("UNKNOWN", "mastercard", CardType.DEBIT)).contains(TestCatalog.FLAT);
    assertThat(catalog.resolve(null, "Mastercard", CardType.DEBIT)).contains(TestCatalog.FLAT);
  }

  @Test
  void cardWithUnknownProductAndUnmappedBrandHasNoProduct() {
    assertThat(catalog.resolve(null, "Diners", CardType.CREDIT)).isEmpty();
    assertThat(catalog.resolve("UNKNOWN", "Mastercard", CardType.PREPAID)).isEmpty();
  }
}
