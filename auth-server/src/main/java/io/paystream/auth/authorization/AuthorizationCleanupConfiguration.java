package io.paystream.auth.authorization;

import io.paystream.auth.AuthServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs {@link ExpiredAuthorizationPurger} every {@code
 * paystream.auth.authorization-cleanup.interval} (first run one interval after start), unless
 * {@code paystream.auth.authorization-cleanup.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class AuthorizationCleanupConfiguration implements SchedulingConfigurer {

  private final AuthServerProperties.AuthorizationCleanup cleanup;
  private final ExpiredAuthorizationPurger purger;

  public AuthorizationCleanupConfiguration(AuthServerProperties properties, JdbcOperations jdbc) {
    this.cleanup = properties.authorizationCleanup();
    this.purger = new ExpiredAuthorizationPurger(jdbc, cleanup.retention(), cleanup.batchSize());
  }

  /** The purger the schedule runs, also for an operator's or a test's on-demand run. */
  @Bean
  ExpiredAuthorizationPurger expiredAuthorizationPurger() {
    return purger;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    if (cleanup.enabled()) {
      registrar.addFixedDelayTask(
          new FixedDelayTask(purger::purgeQuietly, cleanup.interval(), cleanup.interval()));
    }
  }
}
