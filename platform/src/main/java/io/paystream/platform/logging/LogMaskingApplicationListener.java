package io.paystream.platform.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Puts {@link PanMaskingEncoder} in front of the encoder of every logback appender, right after
 * Spring Boot configured logging, so every formatted log line of a paystream service has its PANs
 * masked whatever the format (ECS JSON by default, or any pattern a service configures).
 *
 * <p>Runs just after {@link LoggingApplicationListener} (which configures logback on {@link
 * ApplicationEnvironmentPreparedEvent}: default config, {@code logback-spring.xml}, structured
 * format) and again on {@link ApplicationPreparedEvent} and {@link ApplicationStartedEvent} in case
 * logging was re-initialised in between; wrapping is idempotent. Registered in {@code
 * META-INF/spring.factories}, so it needs no bean and no configuration and a service cannot switch
 * it off by excluding an auto-configuration. Appenders reached: those attached to any logger, and
 * those nested in an {@link AppenderAttachable} such as {@code AsyncAppender}. An appender that has
 * no encoder (e.g. a layout-based {@code SyslogAppender}) cannot be masked here and is reported as
 * a warning on the logger {@code io.paystream.platform.logging}.
 *
 * <p>Does nothing when logback is not the logging backend.
 */
public class LogMaskingApplicationListener implements GenericApplicationListener {

  /** Just after Boot's {@link LoggingApplicationListener#DEFAULT_ORDER}. */
  public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

  private static final boolean LOGBACK_PRESENT =
      ClassUtils.isPresent(
          "ch.qos.logback.classic.LoggerContext",
          LogMaskingApplicationListener.class.getClassLoader());

  @Override
  public boolean supportsEventType(ResolvableType eventType) {
    Class<?> type = eventType.getRawClass();
    return type != null
        && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
            || ApplicationPreparedEvent.class.isAssignableFrom(type)
            || ApplicationStartedEvent.class.isAssignableFrom(type));
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (LOGBACK_PRESENT) {
      Logback.install();
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  /** Logback-specific part, loaded only when logback is on the classpath. */
  static final class Logback {

    private Logback() {}

    /**
     * Wraps the encoder of every appender of the current logback context.
     *
     * @return the appenders that could not be masked (no encoder), by name
     */
    static List<String> install() {
      ILoggerFactory factory = LoggerFactory.getILoggerFactory();
      if (!(factory instanceof LoggerContext context)) {
        return List.of();
      }
      Set<Appender<ILoggingEvent>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      List<String> unmasked = new ArrayList<>();
      for (Logger logger : context.getLoggerList()) {
        wrapAll(logger, seen, unmasked);
      }
      if (!unmasked.isEmpty()) {
        LoggerFactory.getLogger(LogMaskingApplicationListener.class)
            .warn("log appenders without an encoder are not PAN-masked: {}", unmasked);
      }
      return unmasked;
    }

    private static void wrapAll(
        AppenderAttachable<ILoggingEvent> attachable,
        Set<Appender<ILoggingEvent>> seen,
        List<String> unmasked) {
      for (Iterator<Appender<ILoggingEvent>> it = attachable.iteratorForAppenders();
          it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        if (!seen.add(appender)) {
          continue;
        }
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
          Encoder<ILoggingEvent> encoder = stream.getEncoder();
          if (encoder != null && !(encoder instanceof PanMaskingEncoder)) {
            PanMaskingEncoder masking = new PanMaskingEncoder(encoder);
            masking.setContext(stream.getContext());
            stream.setEncoder(masking);
          }
        } else if (appender instanceof AppenderAttachable<?>) {
          @SuppressWarnings("unchecked")
          AppenderAttachable<ILoggingEvent> nested = (AppenderAttachable<ILoggingEvent>) appender;
          wrapAll(nested, seen, unmasked);
        } else {
          unmasked.add(appender.getName());
        }
      }
    }
  }
}
