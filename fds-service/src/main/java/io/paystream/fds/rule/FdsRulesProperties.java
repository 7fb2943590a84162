package io.paystream.fds.rule;

import io.paystream.fds.travel.ImpossibleTravelSettings;
import jakarta.validation.Valid;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.validation.annotation.Validated;

/**
 * Rule thresholds under {@code fds.rules.*}. Refresh-scoped: after {@code POST /actuator/refresh}
 * (what Spring Cloud Kubernetes' ConfigMap reload triggers) the next decision binds them anew, no
 * restart. Not proxied (a record is final): read it through {@link RuleSettingsProvider}.
 *
 * @param impossibleTravel impossible travel: {@code enabled}, {@code max-speed-kmh} (km/h, default
 *     900), {@code min-distance-km} (km, default 500)
 * @param cardStatus blocked/suspended card: {@code enabled}
 * @param velocity velocity: {@code enabled}, {@code max-payments} (default 5), {@code window}
 *     (default 60s)
 * @param amountSpike amount spike: {@code enabled}, {@code multiplier} (default 10), {@code
 *     min-samples} (default 5)
 */
@Validated
@RefreshScope(proxyMode = ScopedProxyMode.NO)
@ConfigurationProperties("fds.rules")
public record FdsRulesProperties(
    @Valid ImpossibleTravelSettings impossibleTravel,
    @Valid CardStatusSettings cardStatus,
    @Valid VelocitySettings velocity,
    @Valid AmountSpikeSettings amountSpike) {

  public FdsRulesProperties {
    impossibleTravel =
        impossibleTravel != null ? impossibleTravel : ImpossibleTravelSettings.DEFAULTS;
    cardStatus = cardStatus != null ? cardStatus : CardStatusSettings.DEFAULTS;
    velocity = velocity != null ? velocity : new VelocitySettings(true, 5, Duration.ofSeconds(60));
    amountSpike = amountSpike != null ? amountSpike : AmountSpikeSettings.DEFAULTS;
  }

  /** The thresholds as the domain uses them. */
  public RuleSettings toRuleSettings() {
    return new RuleSettings(impossibleTravel, cardStatus, velocity, amountSpike);
  }
}
