package io.paystream.loyalty.support;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.PaymentRequested;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the IBM TabFormer sample (read by path, never copied) and turns one user's rows into {@code
 * payment.requested.v1} events: customer {@code tf_<user>}, merchant {@code tf_m_<Merchant Name>},
 * card token per card index, ONLINE when the merchant city is {@code ONLINE}, else POS. The local
 * wall-clock time is taken as UTC (the file has no zone; only identity matters here). Refunds
 * (negative amounts) are no payments and are skipped.
 */
public final class TabFormerPayments {

  /** The sample file under {@code paystream.shared.dir}. */
  public static final String FILE = "data/tabformer/card_transaction.users0-2.csv.gz";

  private TabFormerPayments() {}

  /** The sample file, from the {@code paystream.shared.dir} system property. */
  public static Path sample() {
    return Path.of(System.getProperty("paystream.shared.dir", "../../shared"), FILE);
  }

  /** One row as the test needs it. */
  public record Row(
      int index,
      String user,
      String card,
      String merchant,
      String mcc,
      boolean online,
      long amountMinor,
      LocalDateTime time) {}

  /** Every payment row (amount ≥ 0) of {@code user}, in file order. */
  public static List<Row> paymentsOf(Path file, String user) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (Reader in =
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8)) {
      int index = 0;
      for (CSVRecord r :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
        index++;
        if (!r.get("User").equals(user)) {
          continue;
        }
        BigDecimal amount = new BigDecimal(r.get("Amount").replace("$", "").trim());
        if (amount.signum() < 0) {
          continue;
        }
        String[] hm = r.get("Time").split(":");
        LocalDateTime time =
            LocalDateTime.of(
                Integer.parseInt(r.get("Year")),
                Integer.parseInt(r.get("Month")),
                Integer.parseInt(r.get("Day")),
                Integer.parseInt(hm[0]),
                Integer.parseInt(hm[1]));
        rows.add(
            new Row(
                index,
                user,
                r.get("Card"),
                r.get("Merchant Name"),
                String.format("%04d", Integer.parseInt(r.get("MCC").trim())),
                r.get("Merchant City").trim().equals("ONLINE"),
                amount.movePointRight(2).longValueExact(),
                time));
      }
    }
    return rows;
  }

  /** The event of a row; the payment id is derived from the row's position (stable per file). */
  public static Event<PaymentRequested> event(Row row) {
    String paymentId =
        UUID.nameUUIDFromBytes(("tabformer:" + row.index()).getBytes(StandardCharsets.UTF_8))
            .toString();
    String customer = "tf_" + row.user();
    return Payments.requested(
        paymentId,
        customer,
        "k1_tf_" + row.user() + "_" + row.card(),
        merchantId(row),
        row.mcc(),
        row.online() ? Channel.ONLINE : Channel.POS,
        row.amountMinor(),
        row.time().atOffset(ZoneOffset.UTC));
  }

  /** The merchant id of a row. */
  public static String merchantId(Row row) {
    return "tf_m_" + row.merchant();
  }
}
