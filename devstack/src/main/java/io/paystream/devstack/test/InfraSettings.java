package io.paystream.devstack.test;

/**
 * Where the integration-test infrastructure lives. Each setting is read from a system property or,
 * failing that, an environment variable, then a default matching the dev stack and this machine:
 *
 * <ul>
 *   <li>{@code paystream.it.postgres.host} / {@code PAYSTREAM_IT_POSTGRES_HOST}, default {@code
 *       127.0.0.1}; {@code .port} 5432; {@code .user} {@code postgres}; {@code .password} empty
 *   <li>{@code paystream.it.redis.host} / {@code PAYSTREAM_IT_REDIS_HOST}, default {@code
 *       127.0.0.1}; {@code .port} 6379
 *   <li>{@code paystream.it.kafka.bootstrap} / {@code PAYSTREAM_IT_KAFKA_BOOTSTRAP}: an external
 *       broker (e.g. the dev stack's {@code 127.0.0.1:19092}) whose registry topics are deleted and
 *       re-created per test class; empty (default) = an in-JVM {@code EmbeddedKafkaKraftBroker} per
 *       test class
 * </ul>
 */
public final class InfraSettings {

  private InfraSettings() {}

  static String get(String property, String defaultValue) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(property.toUpperCase().replace('.', '_'));
    }
    return value == null || value.isBlank() ? defaultValue : value;
  }

  static String postgresHost() {
    return get("paystream.it.postgres.host", "127.0.0.1");
  }

  static int postgresPort() {
    return Integer.parseInt(get("paystream.it.postgres.port", "5432"));
  }

  static String postgresUser() {
    return get("paystream.it.postgres.user", "postgres");
  }

  static String postgresPassword() {
    return get("paystream.it.postgres.password", "");
  }

  static String redisHost() {
    return get("paystream.it.redis.host", "127.0.0.1");
  }

  static int redisPort() {
    return Integer.parseInt(get("paystream.it.redis.port", "6379"));
  }

  static String externalKafka() {
    return get("paystream.it.kafka.bootstrap", "");
  }
}
