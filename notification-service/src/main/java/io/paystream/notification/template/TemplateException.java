package io.paystream.notification.template;

/**
 * A notification that cannot be rendered: unknown template id or a parameter the template needs is
 * missing. Permanent: retrying the same event cannot succeed.
 */
public class TemplateException extends RuntimeException {

  public TemplateException(String message) {
    super(message);
  }
}
