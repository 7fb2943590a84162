package io.paystream.payment.bench;

import io.paystream.contracts.Topics;
import io.paystream.contracts.card.Luhn;
import io.paystream.devstack.test.TestAuthServer;
import io.paystream.payment.PaymentApiApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Open-loop load benchmark for {@code POST /v1/payments} straight to payment-api: starts a real
 * KRaft broker (in-JVM), a fresh PostgreSQL database on 127.0.0.1:5432, a JWKS stub and the
 * service; registers 1,000 cards; then sends payments at a fixed offered rate, each with a new
 * Idempotency-Key and a random card, and records latency from each request's <em>intended</em>
 * start (HdrHistogram, so coordinated omission is corrected).
 *
 * <p>Usage: {@code PaymentLoadBenchmark <rate/s> <seconds> [warmupSeconds]}; prints accepted/s and
 * p50/p90/p99/max latency in ms.
 */
public final class PaymentLoadBenchmark {

  private PaymentLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String targets = System.getenv("BENCH_TARGETS");
    if (targets != null && !targets.isBlank()) {
      runAgainstFleet(targets.split(","), rate, seconds, warmup);
      System.exit(0);
    }

    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
    kafka.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0"));
    kafka.afterPropertiesSet();
    kafka.addTopics(
        Topics.ALL.stream()
            .map(
                t ->
                    new org.apache.kafka.clients.admin.NewTopic(
                        t.name(), t.devPartitions(), (short) 1))
            .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    String db = "bench_payment_api_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    TestAuthServer auth = TestAuthServer.start();
    ConfigurableApplicationContext app =
        new SpringApplication(PaymentApiApplication.class)
            .run(
                "--server.port=0",
                // the committed dev tokenization key is allowed in dev and test only
                "--spring.profiles.active=test",
                "--logging.level.root=WARN",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/" + db,
                "--spring.flyway.url=jdbc:postgresql://127.0.0.1:5432/" + db,
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri="
                    + auth.issuer()
                    + "/oauth2/jwks",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + auth.issuer());
    try {
      String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String admin = auth.token("bench-admin", null, "admin");
      String pos = auth.token("bench-pos", null, "payments:write");
      List<String> pans = register(http, base, admin);
      measure(http, base, pos, pans, rate, seconds, warmup);
    } finally {
      app.close();
      auth.stop();
      kafka.destroy();
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
    System.exit(0);
  }

  /**
   * Fleet mode ({@code BENCH_TARGETS=http://127.0.0.1:8081,http://127.0.0.1:8080}): against a
   * running dev stack (`make up`), with the dev admin client's token from auth-server ({@code
   * BENCH_AUTH}, default {@code http://127.0.0.1:9000}; tier {@code internal}, so the gateway's
   * rate limit does not cap the load); measures each target in turn with the same cards.
   */
  static void runAgainstFleet(String[] targets, int rate, int seconds, int warmup)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String auth = System.getenv().getOrDefault("BENCH_AUTH", "http://127.0.0.1:9000");
    String credentials =
        java.util.Base64.getEncoder()
            .encodeToString(
                (System.getenv().getOrDefault("BENCH_CLIENT", "paystream-admin:dev-admin-secret"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> tokenResponse =
        http.send(
            HttpRequest.newBuilder(URI.create(auth + "/oauth2/token"))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&scope=admin%20payments:write"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
            .matcher(tokenResponse.body());
    if (!m.find()) {
      throw new IllegalStateException("no token: " + tokenResponse.statusCode());
    }
    String token = m.group(1);
    List<String> pans = register(http, targets[0].trim(), token);
    for (String target : targets) {
      System.out.println("target " + target.trim());
      measure(http, target.trim(), token, pans, rate, seconds, warmup);
    }
  }

  static List<String> register(HttpClient http, String base, String admin) throws Exception {
    send(
        http,
        base,
        "PUT",
        "/v1/customers/cus_bench",
        admin,
        "{\"name\":\"Bench\",\"phone\":\"+14155550100\",\"locale\":\"en\"}");
    send(
        http,
        base,
        "PUT",
        "/v1/merchants/m_bench",
        admin,
        "{\"name\":\"Bench Shop\",\"mcc\":\"5411\",\"country\":\"US\",\"lat\":40.7,"
            + "\"lon\":-74.0,\"accuracyKm\":0.1}");
    List<String> pans = new ArrayList<>();
    StringBuilder cards = new StringBuilder("[");
    for (int i = 0; i < 1000; i++) {
      String pan = luhnPan("453957" + String.format("%09d", i));
      pans.add(pan);
      cards
          .append(i == 0 ? "" : ",")
          .append("{\"customerId\":\"cus_bench\",\"pan\":\"")
          .append(pan)
          .append(
              "\",\"expiryMonth\":12,\"expiryYear\":2030,\"brand\":\"Visa\","
                  + "\"type\":\"CREDIT\"}");
    }
    send(http, base, "POST", "/v1/cards/bulk", admin, cards.append(']').toString());

    return pans;
  }

  static void measure(
      HttpClient http,
      String base,
      String pos,
      List<String> pans,
      int rate,
      int seconds,
      int warmup)
      throws Exception {
    System.out.printf("warm-up %d s at %d/s%n", warmup, rate);
    run(http, base, pos, pans, rate, warmup);
    System.out.printf("measuring %d s at %d/s%n", seconds, rate);
    Result r = run(http, base, pos, pans, rate, seconds);
    Histogram h = r.latency;
    System.out.printf(
        "RESULT offered=%d/s duration=%ds sent=%d accepted(202)=%d other=%d errors=%d"
            + " accepted/s=%.1f p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms%n",
        rate,
        seconds,
        r.sent,
        r.accepted.get(),
        r.other.get(),
        r.errors.get(),
        r.accepted.get() / (double) seconds,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(90) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6);
  }

  record Result(
      long sent, AtomicLong accepted, AtomicLong other, AtomicLong errors, Histogram latency) {}

  static Result run(
      HttpClient http, String base, String token, List<String> pans, int rate, int seconds)
      throws Exception {
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong accepted = new AtomicLong();
    AtomicLong other = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long total = (long) rate * seconds;
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    List<CompletableFuture<?>> inflight = new ArrayList<>();
    for (long i = 0; i < total; i++) {
      long intended = start + i * interval;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      String pan = pans.get(ThreadLocalRandom.current().nextInt(pans.size()));
      String body =
          "{\"card\":{\"pan\":\""
              + pan
              + "\"},\"amount\":\""
              + (1 + ThreadLocalRandom.current().nextInt(500))
              + ".25\",\"currency\":\"USD\",\"merchantId\":\"m_bench\",\"terminalId\":\"T-BENCH\","
              + "\"channel\":\"POS\",\"occurredAt\":\""
              + java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                  .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + "\"}";
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + "/v1/payments"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      inflight.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (response, error) -> {
                    latency.recordValue(Math.max(0, System.nanoTime() - intended));
                    if (error != null) {
                      errors.incrementAndGet();
                    } else if (response.statusCode() == 202) {
                      accepted.incrementAndGet();
                    } else {
                      other.incrementAndGet();
                    }
                  }));
    }
    CompletableFuture.allOf(inflight.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .get(120, TimeUnit.SECONDS);
    return new Result(total, accepted, other, errors, latency);
  }

  static void send(
      HttpClient http, String base, String method, String path, String token, String body)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
    }
  }

  /** Appends the Luhn check digit to a 15-digit prefix. */
  static String luhnPan(String prefix) {
    for (int d = 0; d <= 9; d++) {
      String candidate = prefix + d;
      if (Luhn.isValid(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException();
  }
}
