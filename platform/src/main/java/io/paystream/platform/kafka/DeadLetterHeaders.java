package io.paystream.platform.kafka;

import io.paystream.platform.logging.PanMasker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.ExceptionHeadersCreator;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Writes the failure headers of a dead-letter record ({@code kafka_dlt-exception-fqcn}, {@code
 * -cause-fqcn}, {@code -message}, {@code -stacktrace}) with every PAN masked: exception messages
 * can quote input (a schema violation may echo a value), and a PAN must never reach a topic.
 *
 * <p>The reported exception is the one that explains the failure: Spring's {@code
 * ListenerExecutionFailedException} wrapper is skipped; for a deserialization failure the message
 * is that of the cause (e.g. {@code EventRejectedException} naming the offending field). The stack
 * trace is capped at {@value #MAX_STACKTRACE_CHARS} characters.
 */
class DeadLetterHeaders implements ExceptionHeadersCreator {

  static final int MAX_STACKTRACE_CHARS = 8_192;

  @Override
  public void create(Headers headers, Exception exception, boolean isKey, HeaderNames names) {
    Throwable reported = unwrap(exception);
    Throwable cause = reported.getCause();
    var info = names.getExceptionInfo();
    String fqcnHeader = isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn();
    String messageHeader = isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage();
    String stackHeader = isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace();
    replace(headers, fqcnHeader, reported.getClass().getName());
    if (!isKey && cause != null) {
      replace(headers, info.getExceptionCauseFqcn(), cause.getClass().getName());
    }
    replace(headers, messageHeader, PanMasker.mask(reason(reported)));
    replace(headers, stackHeader, PanMasker.mask(stackTrace(reported)));
  }

  /** The failure to report: without Spring's listener wrapper. */
  static Throwable unwrap(Throwable exception) {
    Throwable t = exception;
    while (t instanceof ListenerExecutionFailedException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** A message that says why: a deserialization failure's cause names the field. */
  static String reason(Throwable t) {
    String message = String.valueOf(t.getMessage());
    if (t instanceof DeserializationException && t.getCause() != null) {
      return message + ": " + t.getCause().getMessage();
    }
    return message;
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    String trace = out.toString();
    return trace.length() > MAX_STACKTRACE_CHARS ? trace.substring(0, MAX_STACKTRACE_CHARS) : trace;
  }

  private static void replace(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
