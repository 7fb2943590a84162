package io.paystream.devstack.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;

/**
 * Gives an integration test class its own slice of real infrastructure (ARCHITECTURE §7: no
 * in-memory stand-ins): a real KRaft Kafka broker with every topic of the registry (and the
 * dead-letter topics of every subscription) created, a fresh PostgreSQL database, and a flushed
 * Redis logical database. Torn down after the class.
 *
 * <p>In a Spring test ({@code @SpringBootTest}), the infrastructure's addresses are put into the
 * environment ({@code spring.kafka.bootstrap-servers}, {@code spring.r2dbc.*}, {@code
 * spring.datasource.*}, {@code spring.flyway.*}, {@code spring.data.redis.*}) ahead of {@code
 * application.yml}, and the context is closed after the class. In any test, a parameter of type
 * {@link Infra} is injected.
 *
 * <p>Spring tests run with the {@code test} profile: the committed dev secrets of a service's
 * {@code application.yml} (tokenization key, OTP key, SMS token) are allowed there and in {@code
 * dev} only (platform {@code DevSecretsEnvironmentPostProcessor}). A test class's own
 * {@code @ActiveProfiles} replaces it.
 *
 * <p>Where things are: see {@link InfraSettings}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealInfraExtension.class)
@ActiveProfiles("test")
public @interface PaystreamIntegrationTest {}
