package io.paystream.devstack;

/** Something the dev stack needs is neither running nor installed; the message says what to do. */
public final class MissingSoftwareException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  MissingSoftwareException(String message) {
    super(message);
  }
}
