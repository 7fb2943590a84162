package io.paystream.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment every service JVM gets in the dev stack: the one table of how a service finds
 * Kafka, PostgreSQL, Redis and the sandboxes (Spring Boot's relaxed binding turns {@code
 * SPRING_KAFKA_BOOTSTRAP_SERVERS} into {@code spring.kafka.bootstrap-servers}). Documented in
 * {@code docs/services/devstack.md}.
 */
public final class ServiceEnvironment {

  private ServiceEnvironment() {}

  /** The variables for {@code service}, in a stable order. */
  public static Map<String, String> of(StackConfig c, Fleet.Service service) {
    Map<String, String> env = new LinkedHashMap<>();
    // The dev profile carries dev-only settings such as auth-server's throwaway signing keys.
    env.put("SPRING_PROFILES_ACTIVE", "dev");
    env.put("SERVER_PORT", Integer.toString(service.port()));
    env.put("SERVER_ADDRESS", c.host());
    if (service.separateManagementPort()) {
      env.put("MANAGEMENT_SERVER_PORT", Integer.toString(service.managementPort()));
      env.put("MANAGEMENT_SERVER_ADDRESS", c.host());
    }
    env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", c.kafkaBootstrap());
    // Static group membership: one instance per service, same id after a restart (kill -9 and
    // start again: the partitions come back at once, docs/reliability.md).
    env.put("PAYSTREAM_KAFKA_CONSUMER_INSTANCEID", service.name() + "-dev");
    env.put("SPRING_R2DBC_URL", c.serviceR2dbcUrl());
    env.put("SPRING_R2DBC_USERNAME", c.postgresUser());
    env.put("SPRING_R2DBC_PASSWORD", c.postgresPassword());
    env.put("SPRING_DATASOURCE_URL", c.serviceJdbcUrl());
    env.put("SPRING_DATASOURCE_USERNAME", c.postgresUser());
    env.put("SPRING_DATASOURCE_PASSWORD", c.postgresPassword());
    env.put("SPRING_FLYWAY_URL", c.serviceJdbcUrl());
    env.put("SPRING_FLYWAY_USER", c.postgresUser());
    env.put("SPRING_FLYWAY_PASSWORD", c.postgresPassword());
    env.put("SPRING_DATA_REDIS_HOST", c.redisHost());
    env.put("SPRING_DATA_REDIS_PORT", Integer.toString(c.redisServicePort()));
    env.put("SPRING_MAIL_HOST", c.host());
    env.put("SPRING_MAIL_PORT", Integer.toString(c.smtpPort()));
    env.put("PAYSTREAM_SMS_BASE_URL", c.smsBaseUrl());
    env.put("PAYSTREAM_SMS_ACCOUNT_SID", c.smsAccountSid());
    env.put("PAYSTREAM_SMS_AUTH_TOKEN", c.smsAuthToken());
    env.put("PAYSTREAM_SMS_FROM", c.smsFrom());
    int authPort = Fleet.byName("auth-server").map(Fleet.Service::port).orElse(9000);
    env.put("PAYSTREAM_AUTH_ISSUER_URI", "http://" + c.host() + ":" + authPort);
    // What the SMS sandbox and the simulated cardholders call and sign: the gateway's address.
    // verification-api checks signatures against it and trusts no forwarded header.
    int gatewayPort = Fleet.byName("gateway").map(Fleet.Service::port).orElse(8080);
    env.put("PAYSTREAM_VERIFICATION_PUBLIC_BASE_URL", "http://" + c.host() + ":" + gatewayPort);
    return env;
  }
}
