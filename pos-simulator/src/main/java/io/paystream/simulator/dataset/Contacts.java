package io.paystream.simulator.dataset;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Made-up, deterministic contact details for datasets that have none. Phone numbers use the
 * unassigned {@code +1 555} area code ({@code +1555DNNNNNN}: D = dataset digit, N = person index)
 * so they are unique per dataset and reach only the SMS sandbox; e-mail uses the reserved {@code
 * .example} domain (RFC 2606).
 */
public final class Contacts {

  /** Dataset digit of TabFormer phone numbers. */
  public static final int TABFORMER = 1;

  /** Dataset digit of Sparkov phone numbers. */
  public static final int SPARKOV = 2;

  /** Dataset digit of generator phone numbers (+1 customers). */
  public static final int GENERATOR = 3;

  private Contacts() {}

  /** {@code +1555} + dataset digit + six-digit index, e.g. {@code +15551000042}. */
  public static String phone(int datasetDigit, int index) {
    if (index < 0 || index > 999_999) {
      throw new IllegalArgumentException("index out of range: " + index);
    }
    return "+1555" + datasetDigit + String.format(Locale.ROOT, "%06d", index);
  }

  /** {@code first.last.index@domain}, lower case ASCII. */
  public static String email(String name, int index, String domain) {
    String ascii =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("[^A-Za-z ]", "")
            .trim()
            .toLowerCase(Locale.ROOT)
            .replaceAll("\\s+", ".");
    return (ascii.isEmpty() ? "customer" : ascii) + "." + index + "@" + domain;
  }
}
