package io.paystream.payment.registry;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.paystream.platform.postgres.PostgresNotifications;
import io.paystream.platform.reactive.Deadlines;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Registry reads on the payment path (enrichment), from an in-process cache (Caffeine) of found
 * cards by token and merchants by id; a miss reads PostgreSQL once however many requests wait for
 * the key (bounded by {@code load-timeout}). Unknown ids are not cached: a card registered a moment
 * ago is found at once.
 *
 * <p>Invalidation across replicas: a registry write evicts its entries here and sends {@code NOTIFY
 * registry_cache} with them after its commit; every replica {@code LISTEN}s and evicts them too
 * (about a millisecond later). When the {@code LISTEN} connection was lost, notifications may have
 * been missed, so on every (re)connect both caches are emptied. {@code ttl} is only a safety net.
 * Payload: {@code cards} or {@code merchants}, then one id per line, or {@code *} for all.
 *
 * <p>Meters: Caffeine's {@code cache.gets{result=hit|miss}}, {@code cache.size}, {@code
 * cache.evictions} with {@code cache=registry-cards|registry-merchants}.
 */
@Component
public class RegistryLookup implements SmartLifecycle {

  /** The {@code LISTEN}/{@code NOTIFY} channel of registry writes. */
  static final String CHANNEL = "registry_cache";

  private static final Logger log = LoggerFactory.getLogger(RegistryLookup.class);
  private static final String CARDS = "cards";
  private static final String MERCHANTS = "merchants";
  private static final String ALL = "*";
  private static final int MAX_PAYLOAD = 7_000; // PostgreSQL refuses payloads of 8,000 bytes

  private final CardRepository cardRows;
  private final MerchantRepository merchantRows;
  private final DatabaseClient db;
  private final ConnectionFactory connectionFactory;
  private final Duration loadTimeout;
  private final AsyncCache<String, Card> cards;
  private final AsyncCache<String, Merchant> merchants;
  private volatile Disposable listening;

  public RegistryLookup(
      CardRepository cardRows,
      MerchantRepository merchantRows,
      DatabaseClient db,
      ConnectionFactory connectionFactory,
      RegistryCacheProperties properties,
      MeterRegistry meters) {
    this.cardRows = cardRows;
    this.merchantRows = merchantRows;
    this.db = db;
    this.connectionFactory = connectionFactory;
    this.loadTimeout = properties.loadTimeout();
    this.cards =
        CaffeineCacheMetrics.monitor(
            meters,
            Caffeine.newBuilder()
                .maximumSize(properties.maxCards())
                .expireAfterWrite(properties.ttl())
                .recordStats()
                .<String, Card>buildAsync(),
            "registry-cards");
    this.merchants =
        CaffeineCacheMetrics.monitor(
            meters,
            Caffeine.newBuilder()
                .maximumSize(properties.maxMerchants())
                .expireAfterWrite(properties.ttl())
                .recordStats()
                .<String, Merchant>buildAsync(),
            "registry-merchants");
  }

  /** The first card found among {@code tokens} (tried in order), or empty. */
  public Mono<Card> card(List<String> tokens) {
    return Flux.fromIterable(tokens)
        .concatMap(token -> cached(cards, token, cardRows::findByToken))
        .next();
  }

  /** The merchant, or empty. */
  public Mono<Merchant> merchant(String merchantId) {
    return cached(merchants, merchantId, merchantRows::findById);
  }

  private <V> Mono<V> cached(
      AsyncCache<String, V> cache, String key, Function<String, Mono<V>> loader) {
    // a load that finds nothing (null) or fails is not kept; cancelling one caller does not
    // cancel the load the others share
    CompletableFuture<V> value =
        cache.get(key, (k, executor) -> Deadlines.within(loader.apply(k), loadTimeout).toFuture());
    return Mono.fromFuture(value, true);
  }

  /** Forgets cards here and, after the caller's write committed, in every other replica. */
  public Mono<Void> evictCards(List<String> tokens) {
    cards.synchronous().invalidateAll(tokens);
    return announce(CARDS, tokens);
  }

  /** Forgets merchants here and in every other replica. */
  public Mono<Void> evictMerchants(List<String> merchantIds) {
    merchants.synchronous().invalidateAll(merchantIds);
    return announce(MERCHANTS, merchantIds);
  }

  private Mono<Void> announce(String kind, List<String> ids) {
    if (ids.isEmpty()) {
      return Mono.empty();
    }
    String payload = kind + "\n" + String.join("\n", ids);
    if (payload.length() > MAX_PAYLOAD || ids.stream().anyMatch(id -> id.indexOf('\n') >= 0)) {
      payload = kind + "\n" + ALL;
    }
    return db.sql("SELECT pg_notify($1, $2)")
        .bind(0, CHANNEL)
        .bind(1, payload)
        .then()
        .onErrorResume(
            e -> {
              // the write is committed; other replicas keep the old entries up to the ttl
              log.warn("registry cache invalidation not sent ({}): {}", kind, e.toString());
              return Mono.empty();
            });
  }

  /** Applies a notification: {@code empty} = (re)connected, anything may have changed. */
  void apply(Optional<String> notification) {
    if (notification.isEmpty()) {
      cards.synchronous().invalidateAll();
      merchants.synchronous().invalidateAll();
      return;
    }
    List<String> lines = Arrays.asList(notification.get().split("\n", -1));
    if (lines.size() < 2) {
      return;
    }
    AsyncCache<String, ?> cache =
        switch (lines.get(0)) {
          case CARDS -> cards;
          case MERCHANTS -> merchants;
          default -> null;
        };
    if (cache == null) {
      return;
    }
    List<String> ids = lines.subList(1, lines.size());
    if (ids.contains(ALL)) {
      cache.synchronous().invalidateAll();
    } else {
      cache.synchronous().invalidateAll(ids);
    }
  }

  @Override
  public synchronized void start() {
    if (listening == null || listening.isDisposed()) {
      listening =
          PostgresNotifications.listen(connectionFactory, CHANNEL, "registry cache")
              .subscribe(this::apply, e -> log.error("registry cache LISTEN stopped", e));
    }
  }

  @Override
  public synchronized void stop() {
    if (listening != null) {
      listening.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    Disposable current = listening;
    return current != null && !current.isDisposed();
  }
}
