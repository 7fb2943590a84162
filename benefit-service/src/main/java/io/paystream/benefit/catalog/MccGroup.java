package io.paystream.benefit.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A named set of ISO 18245 merchant category codes that card benefits are commonly defined on, e.g.
 * {@code grocery} = 5411, 5422, 5441, 5451, 5499 or {@code travel} = 3000–3299 (airlines), 4511,
 * 4722, 7011.
 *
 * @param code stable group code ({@code grocery}, {@code fuel}, {@code dining}, ...)
 * @param name display name for notifications ({@code Grocery})
 * @param ranges the codes of the group
 */
public record MccGroup(String code, String name, List<MccRange> ranges) {

  public MccGroup {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    ranges = List.copyOf(ranges);
  }

  /** Whether the four-digit {@code mcc} belongs to this group. */
  public boolean contains(int mcc) {
    return ranges.stream().anyMatch(r -> r.contains(mcc));
  }
}
