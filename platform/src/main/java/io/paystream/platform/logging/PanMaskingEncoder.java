package io.paystream.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A logback {@link Encoder} that masks every PAN ({@link PanMasker}) in the bytes another encoder
 * produced: whatever the delegate formats, message, exception message and stack trace, MDC values,
 * ECS/Logstash JSON or a plain pattern, leaves it with card numbers as BIN + {@code *} + last four.
 *
 * <p>Cost: one pass over the encoded bytes looking for a run of 12 or more digits ({@link
 * PanMasker#mayContainPan(byte[])}); a line without one is returned as is, with no copy. Only a
 * line with such a run is decoded and masked. The bytes are decoded as ISO-8859-1, which maps each
 * byte to one char and back, so any ASCII-compatible output charset (UTF-8) round-trips exactly and
 * only ASCII digits change.
 */
public final class PanMaskingEncoder extends ContextAwareBase implements Encoder<ILoggingEvent> {

  private final Encoder<ILoggingEvent> delegate;

  public PanMaskingEncoder(Encoder<ILoggingEvent> delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The encoder whose output is masked. */
  public Encoder<ILoggingEvent> delegate() {
    return delegate;
  }

  @Override
  public byte[] headerBytes() {
    return mask(delegate.headerBytes());
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return mask(delegate.encode(event));
  }

  @Override
  public byte[] footerBytes() {
    return mask(delegate.footerBytes());
  }

  @Override
  public void start() {
    delegate.start();
  }

  @Override
  public void stop() {
    delegate.stop();
  }

  @Override
  public boolean isStarted() {
    return delegate.isStarted();
  }

  /** {@code bytes} with every PAN masked; the same array when there is none. */
  static byte[] mask(byte[] bytes) {
    if (bytes == null || !PanMasker.mayContainPan(bytes)) {
      return bytes;
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    String masked = PanMasker.mask(text);
    return masked == text ? bytes : masked.getBytes(StandardCharsets.ISO_8859_1);
  }
}
