package io.paystream.simulator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.card.CardNumbers;
import io.paystream.contracts.card.Luhn;
import io.paystream.contracts.event.Channel;
import io.paystream.simulator.SharedData;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.GeoMath;
import io.paystream.simulator.model.Merchant;
import io.paystream.simulator.model.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SparkovAdapterTest {

  static Path file;
  static Dataset dataset;

  @BeforeAll
  static void load() throws IOException {
    file = SharedData.require("sparkov/fraudTrain.head5039.csv.gz");
    dataset = new SparkovAdapter(file).load();
  }

  @Test
  void detectsTheFormatFromTheHeader() throws IOException {
    assertThat(DatasetFormat.detect(file)).contains(DatasetFormat.SPARKOV);
    assertThat(DatasetFormat.detect(file.getParent())).contains(DatasetFormat.SPARKOV);
  }

  @Test
  void readsEveryRowDespiteCrlfQuotedCommasAndTheIndexColumn() {
    assertThat(dataset.transactions()).hasSize(5_039);
    assertThat(dataset.cards()).hasSize(878);
    assertThat(dataset.merchants()).hasSizeGreaterThanOrEqualTo(692);
    assertThat(dataset.transactions().stream().filter(Transaction::fraud)).hasSize(22);
    assertThat(dataset.cards()).allSatisfy(c -> assertThat(Luhn.isValid(c.pan())).isTrue());
    assertThat(dataset.cards()).allSatisfy(c -> assertThat(c.cardId()).doesNotContain(c.pan()));
  }

  @Test
  void everyCardNumberIsAnIso7812PanWithLostLeadingZerosRestored() {
    // 18 rows (6 cards) carry 11-digit numbers: 12-digit Maestro 0604... stored as integers
    assertThat(dataset.cards())
        .allSatisfy(c -> assertThat(CardNumbers.isPan(c.pan())).as(c.maskedPan()).isTrue());
    assertThat(dataset.notes()).containsEntry(SparkovAdapter.LEADING_ZERO_RESTORED, 6L);
    assertThat(dataset.skipped()).isEmpty();
    assertThat(dataset.cards().stream().filter(c -> c.pan().length() == 12)).hasSize(71);
    assertThat(dataset.cards().stream().filter(c -> c.pan().startsWith("0604")))
        .hasSize(6)
        .allSatisfy(c -> assertThat(c.brand()).isEqualTo("Maestro"));
  }

  @Test
  void cardNumbersThatAreNoPanAreSkippedWithTheirReason() {
    String eleven = "60412345678";
    String restored =
        "0" + eleven.substring(0, 10) + Luhn.checkDigit("0" + eleven.substring(0, 10));
    assertThat(SparkovAdapter.cardNumber(restored.substring(1)))
        .isEqualTo(new SparkovAdapter.CardNumber(restored, null, true));
    assertThat(SparkovAdapter.cardNumber(" 4242424242424242 "))
        .isEqualTo(new SparkovAdapter.CardNumber("4242424242424242", null, false));
    assertThat(SparkovAdapter.cardNumber("4242424242424241").skipReason())
        .isEqualTo(SparkovAdapter.SKIP_LUHN);
    assertThat(SparkovAdapter.cardNumber("4242424242").skipReason())
        .isEqualTo(SparkovAdapter.SKIP_LENGTH); // 10 digits: two lost zeros are no IIN
    assertThat(SparkovAdapter.cardNumber("42424242424242424242").skipReason())
        .isEqualTo(SparkovAdapter.SKIP_LENGTH);
    assertThat(SparkovAdapter.cardNumber("4.24E+15").skipReason())
        .isEqualTo(SparkovAdapter.SKIP_LENGTH);
  }

  @Test
  void netCategoriesAreOnlineWithoutLocation() {
    Map<String, Merchant> merchants = dataset.merchantsById();
    assertThat(dataset.transactions())
        .allSatisfy(
            t -> {
              Merchant m = merchants.get(t.merchantId());
              assertThat(t.channel() == Channel.ONLINE).isEqualTo(m.onlineOnly());
              assertThat(t.location() == null).isEqualTo(t.channel() == Channel.ONLINE);
            });
    // shopping_net 364 + misc_net 265 + grocery_net 189
    assertThat(dataset.transactions().stream().filter(t -> t.channel() == Channel.ONLINE))
        .hasSize(818);
  }

  @Test
  void locatesPresentPaymentsAtTheGivenMerchantCoordinatesNearTheCardholder() {
    Transaction first =
        dataset.transactions().stream()
            .filter(t -> t.transactionId().equals("sp-1f76529f8574734946361c461b024d99"))
            .findFirst()
            .orElseThrow();
    assertThat(first.channel()).isEqualTo(Channel.POS);
    assertThat(first.location().lat()).isEqualTo(49.159046999999994);
    assertThat(first.location().lon()).isEqualTo(-118.186462);
    assertThat(first.amount().decimal()).isEqualTo("107.23");
    // grocery_pos → MCC 5411; Orient, WA → America/Los_Angeles (PST in January)
    assertThat(dataset.merchantsById().get(first.merchantId()).mcc()).isEqualTo("5411");
    assertThat(first.occurredAt()).isEqualTo(OffsetDateTime.parse("2019-01-01T00:00:44-08:00"));
    var customers = dataset.customersById();
    var cards = dataset.cardsById();
    assertThat(dataset.transactions().stream().filter(t -> t.location() != null))
        .allSatisfy(
            t -> {
              var home = customers.get(cards.get(t.cardId()).customerId()).home();
              assertThat(GeoMath.distanceKm(home, t.location())).isLessThan(200);
            });
  }
}
