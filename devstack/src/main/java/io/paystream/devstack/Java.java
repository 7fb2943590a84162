package io.paystream.devstack;

import java.nio.file.Path;

/** The {@code java} executable child JVMs run with: the launcher's own JDK (≥ 21). */
final class Java {

  private Java() {}

  static String executable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
