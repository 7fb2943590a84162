package io.paystream.devstack.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * Hands each test class one of Redis's logical databases 1..15 (0 is left to the dev stack),
 * round-robin through a counter kept in database 0 so that concurrent test JVMs rarely meet, and
 * flushes it before use.
 */
final class RedisDatabases {

  private static final int FIRST = 1;
  private static final int COUNT = 15;

  private RedisDatabases() {}

  static int claim() {
    RedisURI uri =
        RedisURI.builder()
            .withHost(InfraSettings.redisHost())
            .withPort(InfraSettings.redisPort())
            .withTimeout(Duration.ofSeconds(5))
            .build();
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      long n = redis.incr("paystream:it:redis-database-counter");
      int db = FIRST + (int) (n % COUNT);
      redis.select(db);
      redis.flushdb();
      return db;
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Redis does not answer at "
              + InfraSettings.redisHost()
              + ":"
              + InfraSettings.redisPort()
              + " ("
              + e.getMessage()
              + "). Start it with `make infra-up` (or set paystream.it.redis.*).",
          e);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
