package io.paystream.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis dies in the middle of the test. Uses its OWN redis-server on a free port (the shared one on
 * 6379 is never touched) and the class's real PostgreSQL database as the source.
 */
@PaystreamIntegrationTest
class ReactiveCacheAsideRedisDownIT {

  private static final Duration EACH_GET_BOUND = Duration.ofSeconds(1);

  Process redisServer;
  LettuceConnectionFactory connectionFactory;

  @BeforeEach
  void startOwnRedis() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path dir = Files.createTempDirectory("cache-it-redis");
    redisServer =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    awaitPort(port);
    connectionFactory =
        new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
    connectionFactory.afterPropertiesSet();
    connectionFactory.start();
  }

  @AfterEach
  void stopOwnRedis() {
    if (connectionFactory != null) {
      connectionFactory.destroy();
    }
    if (redisServer != null && redisServer.isAlive()) {
      redisServer.destroyForcibly();
    }
  }

  @Test
  void servesFromPostgresWithinBoundAndCountsItWhenRedisDies(Infra infra) throws Exception {
    // given a cache over our own Redis and a real PostgreSQL table
    ConnectionFactory pg =
        ConnectionFactories.get(
            infra
                .r2dbcUrl()
                .replace("r2dbc:postgresql://", "r2dbc:postgresql://" + infra.dbUser() + "@"));
    MerchantTable table = new MerchantTable(DatabaseClient.create(pg));
    table.create();
    table.upsert(new Merchant("m-1", "Blue Bottle", "5814"));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CacheProperties properties =
        new CacheProperties(
            "down-it",
            Duration.ofMillis(200),
            new CacheProperties.Settings(Duration.ofMinutes(5), 0.1, Duration.ofSeconds(30)),
            Map.of(),
            new CacheProperties.CircuitBreaker(50, 5, 20, Duration.ofSeconds(30)),
            Duration.ofSeconds(5));
    ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connectionFactory);
    // the first command opens the connection, which may take longer than the command timeout
    redis.opsForValue().get("warm-up").block(Duration.ofSeconds(10));
    ReactiveCacheAsideFactory factory =
        new ReactiveCacheAsideFactory(
            redis, JsonMapper.builder().build(), properties, "down-it", meters);
    ReactiveCacheAside<Merchant> merchants = factory.create("merchants", Merchant.class);
    assertThat(merchants.get("m-1", table::find).block()).isNotNull();
    assertThat(merchants.get("m-1", table::find).block()).isNotNull();
    assertThat(table.calls).as("second get was a Redis hit").hasValue(1);

    // when Redis is killed
    redisServer.destroyForcibly().waitFor();

    // then every get still answers from PostgreSQL, quickly, and the bypass is counted
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      Merchant m = merchants.get("m-1", table::find).block(Duration.ofSeconds(5));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(m).isEqualTo(new Merchant("m-1", "Blue Bottle", "5814"));
      assertThat(took).as("get %d took %s", i, took).isLessThan(EACH_GET_BOUND);
    }
    assertThat(table.calls).hasValue(21);
    assertThat(
            meters
                .counter("paystream.cache.gets", "cache", "merchants", "result", "bypass")
                .count())
        .isEqualTo(20);
    assertThat(
            meters
                .counter(
                    "paystream.cache.redis.unavailable", "cache", "merchants", "operation", "get")
                .count())
        .isEqualTo(20);
    assertThat(factory.circuitBreaker().getState())
        .as("Redis is skipped, not waited on")
        .isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(merchants.invalidate("m-1").blockOptional(Duration.ofSeconds(2))).isEmpty();
  }

  private static void awaitPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not open port " + port);
  }
}
