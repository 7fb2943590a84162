package io.paystream.platform.security;

import io.paystream.platform.security.DevSecretsEnvironmentPostProcessor.DevSecretException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link DevSecretException} into Boot's "APPLICATION FAILED TO START" report. */
public class DevSecretFailureAnalyzer extends AbstractFailureAnalyzer<DevSecretException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DevSecretException cause) {
    return new FailureAnalysis(
        "These secret settings hold the public dev value committed in the application's"
            + " configuration:\n  - "
            + String.join("\n  - ", cause.settings()),
        "Set each of them from a secret (Helm: services.<name>.secretEnv), or run with the dev"
            + " profile on a laptop (SPRING_PROFILES_ACTIVE=dev).",
        cause);
  }
}
