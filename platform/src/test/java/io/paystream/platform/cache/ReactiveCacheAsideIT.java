package io.paystream.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@PaystreamIntegrationTest
@SpringBootTest(
    classes = ReactiveCacheAsideIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.application.name=cache-it",
      "paystream.cache.defaults.ttl=10m",
      "paystream.cache.defaults.jitter=0.1",
      "paystream.cache.defaults.negative-ttl=30s",
      "paystream.cache.caches.short-lived.ttl=1s",
      "paystream.cache.caches.short-lived.jitter=0",
      "paystream.cache.load-timeout=1s"
    })
class ReactiveCacheAsideIT {

  @Autowired ReactiveCacheAsideFactory caches;
  @Autowired ReactiveStringRedisTemplate redis;
  @Autowired DatabaseClient db;
  @Autowired MeterRegistry meters;

  MerchantTable table;
  ReactiveCacheAside<Merchant> merchants;

  @BeforeEach
  void setUp() {
    table = new MerchantTable(db);
    table.create();
    table.upsert(new Merchant("m-1", "Blue Bottle", "5814"));
    merchants = caches.create("merchants", Merchant.class);
    redis.keys("cache-it:*").flatMap(redis::delete).blockLast();
  }

  @Test
  void hungLoaderIsGivenUpAfterTheLoadTimeoutForEveryWaiterAndTheNextGetLoadsAfresh(Infra infra)
      throws Exception {
    // given: the loader's table is locked by another session, so its SELECT hangs
    table.upsert(new Merchant("m-locked", "Locked Cafe", "5814"));
    List<Throwable> outcomes;
    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE merchant IN ACCESS EXCLUSIVE MODE");

      // when: five callers want the key at once (one loader call, four waiters)
      outcomes =
          Flux.range(0, 5)
              .flatMap(
                  i ->
                      merchants
                          .get("m-locked", table::find)
                          .then(Mono.<Throwable>empty())
                          .onErrorResume(Mono::just),
                  5)
              .collectList()
              .block(Duration.ofSeconds(5));
      locker.rollback();
    }

    // then: each got a TimeoutException after the 1 s load timeout, none waited for the lock
    assertThat(outcomes)
        .hasSize(5)
        .allSatisfy(e -> assertThat(e).isInstanceOf(TimeoutException.class));
    assertThat(table.calls).hasValue(1);
    // and the next get does not join the abandoned load: it asks the source again
    assertThat(merchants.get("m-locked", table::find).block(Duration.ofSeconds(5)).name())
        .isEqualTo("Locked Cafe");
    assertThat(table.calls).hasValue(2);
  }

  @Test
  void missLoadsFromPostgresThenHitServesFromRedis() {
    Merchant first = merchants.get("m-1", table::find).block();
    Merchant second = merchants.get("m-1", table::find).block();

    assertThat(first).isEqualTo(new Merchant("m-1", "Blue Bottle", "5814"));
    assertThat(second).isEqualTo(first);
    assertThat(table.calls).hasValue(1);
    assertThat(redis.opsForValue().get("cache-it:merchants:m-1").block()).contains("Blue Bottle");
    Duration ttl = redis.getExpire("cache-it:merchants:m-1").block();
    assertThat(ttl).isBetween(Duration.ofMinutes(8), Duration.ofMinutes(11));
  }

  @Test
  void notFoundIsCachedWithTheShorterNegativeTtl() {
    assertThat(merchants.get("nobody", table::find).blockOptional()).isEmpty();
    assertThat(merchants.get("nobody", table::find).blockOptional()).isEmpty();

    assertThat(table.calls).hasValue(1);
    assertThat(redis.opsForValue().get("cache-it:merchants:nobody").block())
        .isEqualTo(ReactiveCacheAside.NOT_FOUND_MARKER);
    assertThat(redis.getExpire("cache-it:merchants:nobody").block())
        .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(34));
  }

  @Test
  void entryExpiresAfterItsTtl() {
    ReactiveCacheAside<Merchant> shortLived = caches.create("short-lived", Merchant.class);
    shortLived.get("m-1", table::find).block();
    shortLived.get("m-1", table::find).block();
    assertThat(table.calls).hasValue(1);

    // the entry lives 1 s: a read after that goes to the source again, once
    await()
        .pollDelay(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              shortLived.get("m-1", table::find).block();
              assertThat(table.calls).hasValue(2);
            });
  }

  @Test
  void invalidateMakesTheNextGetReadTheSourceAgain() {
    merchants.get("m-1", table::find).block();
    table.upsert(new Merchant("m-1", "Blue Bottle Coffee", "5814"));
    assertThat(merchants.get("m-1", table::find).block().name())
        .as("still cached")
        .isEqualTo("Blue Bottle");

    merchants.invalidate("m-1").block();

    assertThat(merchants.get("m-1", table::find).block().name()).isEqualTo("Blue Bottle Coffee");
    assertThat(table.calls).hasValue(2);
  }

  @Test
  void putStoresAValueThatGetServesWithoutTheLoader() {
    merchants.put("m-9", new Merchant("m-9", "Put Direct", "5411")).block();

    assertThat(merchants.get("m-9", table::find).block().name()).isEqualTo("Put Direct");
    assertThat(table.calls).hasValue(0);
  }

  @Test
  void concurrentMissesOfOneColdKeyShareOneLoaderCall() {
    table.upsert(new Merchant("m-cold", "Cold Start", "5999"));
    List<Merchant> results =
        Flux.range(0, 50)
            .flatMap(
                i ->
                    merchants.get(
                        "m-cold", id -> Mono.delay(Duration.ofMillis(300)).then(table.find(id))),
                50)
            .collectList()
            .block(Duration.ofSeconds(30));

    assertThat(results).hasSize(50).allMatch(m -> m.name().equals("Cold Start"));
    assertThat(table.calls).hasValue(1);
    assertThat(meters.counter("paystream.cache.loads", "cache", "merchants").count())
        .isGreaterThanOrEqualTo(1);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}
}
