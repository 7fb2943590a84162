package io.paystream.simulator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared data directory ({@code -Dpaystream.shared.dir}), or skip the test when absent. */
public final class SharedData {

  private SharedData() {}

  /** {@code <shared>/data/<relative>}; the calling test is skipped when it does not exist. */
  public static Path require(String relative) {
    String shared = System.getProperty("paystream.shared.dir");
    assumeTrue(
        shared != null && !shared.isBlank(),
        "system property paystream.shared.dir is not set: skipping a test that reads real data");
    Path path = Path.of(shared, "data", relative);
    assumeTrue(
        Files.exists(path), "shared data " + path + " is absent: skipping a test that reads it");
    return path;
  }
}
