package io.paystream.payment.intake;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/** Payment ids: UUIDv7 (RFC 9562 §5.7), time-ordered by their 48-bit Unix-millisecond prefix. */
public final class PaymentIds {

  private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

  private PaymentIds() {}

  /** A new, time-ordered payment id. */
  public static UUID next() {
    return GENERATOR.generate();
  }
}
