package io.paystream.simulator.chaos;

import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.Terminals;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;

/**
 * Sends {@link FuzzCases} through the gateway with real terminal tokens (spread over the chaos
 * run's terminals so no client's rate limit is hit) and judges each answer: a 5xx, no answer within
 * {@code timeout} (a hang), or a 4xx that is not an RFC 9457 {@code application/problem+json} body
 * whose {@code status} is the response's is a finding. A 2xx is a real payment (a body the breakage
 * left valid): it is returned for the money checks.
 */
final class GatewayFuzz {

  /**
   * What the fuzz found.
   *
   * @param requests cases sent
   * @param byStatus answers by HTTP status ({@code 0} = none)
   * @param byCategory cases by category
   * @param serverErrors 5xx answers
   * @param hangs requests without an answer within the timeout
   * @param connectionErrors requests whose connection was closed without an answer
   * @param notProblemJson 4xx answers that are not problem+json
   * @param problemTypes 4xx answers by problem {@code type}
   * @param findings examples of findings, up to {@value #EXAMPLES_PER_KIND} of each kind
   * @param accepted payments accepted (payment id, client id, key)
   * @param seconds wall time
   */
  record Result(
      long requests,
      Map<Integer, Long> byStatus,
      Map<String, Long> byCategory,
      long serverErrors,
      long hangs,
      long connectionErrors,
      long notProblemJson,
      Map<String, Long> problemTypes,
      List<String> findings,
      List<ChaosChecks.Accepted> accepted,
      double seconds) {}

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newFixedThreadPool(2))
          .build();
  private final Endpoints endpoints;
  private final Terminals terminals;
  private final List<String> merchantIds;
  private final Duration timeout;
  private final int concurrency;
  private final java.util.concurrent.atomic.AtomicLong sequence =
      new java.util.concurrent.atomic.AtomicLong();

  GatewayFuzz(
      Endpoints endpoints,
      Terminals terminals,
      List<String> merchantIds,
      Duration timeout,
      int concurrency) {
    this.endpoints = endpoints;
    this.terminals = terminals;
    this.merchantIds = merchantIds;
    this.timeout = timeout;
    this.concurrency = concurrency;
  }

  Result run(List<FuzzCases.FuzzCase> cases) {
    long start = System.nanoTime();
    Map<Integer, Long> byStatus = new ConcurrentHashMap<>();
    Map<String, Long> byCategory = new ConcurrentHashMap<>();
    Map<String, Long> types = new ConcurrentHashMap<>();
    List<String> findings = java.util.Collections.synchronizedList(new ArrayList<>());
    List<ChaosChecks.Accepted> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    long[] counts = new long[4]; // 5xx, hangs, connection errors, not problem+json
    Semaphore permits = new Semaphore(concurrency);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    int i = 0;
    for (FuzzCases.FuzzCase c : cases) {
      Terminals.Terminal terminal = terminals.of(merchantIds.get(i++ % merchantIds.size()));
      byCategory.merge(c.category(), 1L, Long::sum);
      permits.acquireUninterruptibly();
      all.add(
          send(c, terminal)
              .handle(
                  (response, error) -> {
                    permits.release();
                    synchronized (counts) {
                      judge(
                          c, terminal, response, error, byStatus, types, findings, accepted,
                          counts);
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return new Result(
        cases.size(),
        new TreeMap<>(byStatus),
        new TreeMap<>(byCategory),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        new TreeMap<>(types),
        List.copyOf(findings),
        List.copyOf(accepted),
        (System.nanoTime() - start) / 1e9);
  }

  private CompletableFuture<HttpResponse<String>> send(
      FuzzCases.FuzzCase c, Terminals.Terminal terminal) {
    CompletableFuture<String> token =
        c.withToken() ? terminals.token(terminal) : CompletableFuture.completedFuture(null);
    return token.thenCompose(
        t -> {
          HttpRequest.Builder b =
              HttpRequest.newBuilder(endpoints.gateway(c.path())).timeout(timeout);
          String n = Long.toString(sequence.incrementAndGet());
          for (Map.Entry<String, String> h : c.headers()) {
            b.header(h.getKey(), h.getValue().replace(FuzzCases.FuzzCase.SEQUENCE, n));
          }
          if (t != null) {
            b.header("Authorization", "Bearer " + t);
          }
          if (c.method().equals("GET")) {
            b.GET();
          } else {
            // the body pays at the sending terminal's own merchant site
            byte[] body =
                FuzzCases.replace(
                    c.body().get(),
                    FuzzCases.MERCHANT.getBytes(StandardCharsets.UTF_8),
                    terminal.merchantId().getBytes(StandardCharsets.UTF_8));
            b.POST(
                c.chunked()
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body));
          }
          try {
            return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
          } catch (IllegalArgumentException e) {
            // a header value the JDK client refuses to send: not a request at all
            return CompletableFuture.failedFuture(e);
          }
        });
  }

  private static void judge(
      FuzzCases.FuzzCase c,
      Terminals.Terminal terminal,
      HttpResponse<String> response,
      Throwable error,
      Map<Integer, Long> byStatus,
      Map<String, Long> types,
      List<String> findings,
      List<ChaosChecks.Accepted> accepted,
      long[] counts) {
    if (error != null) {
      Throwable cause = error.getCause() != null ? error.getCause() : error;
      if (cause instanceof IllegalArgumentException) {
        byStatus.merge(-1, 1L, Long::sum); // not sendable by the JDK client
        return;
      }
      byStatus.merge(0, 1L, Long::sum);
      if (cause instanceof HttpTimeoutException) {
        counts[1]++;
        finding(findings, c, "hang (no answer in time)");
      } else if (cause instanceof IOException) {
        counts[2]++;
        finding(findings, c, "connection closed without an answer: " + cause.getMessage());
      }
      return;
    }
    int status = response.statusCode();
    byStatus.merge(status, 1L, Long::sum);
    if (status >= 500) {
      counts[0]++;
      finding(findings, c, "HTTP " + status + " " + HttpJson.problemType(response));
    } else if (status >= 400) {
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      JsonNode body = HttpJson.parse(response.body());
      boolean problem =
          contentType.startsWith("application/problem+json")
              && body.isObject()
              && body.path("status").asInt(-1) == status;
      if (problem) {
        types.merge(HttpJson.problemType(response), 1L, Long::sum);
      } else {
        counts[3]++;
        types.merge("not-problem-json http-" + status, 1L, Long::sum);
        finding(findings, c, "HTTP " + status + " as '" + contentType + "', not problem+json");
      }
    } else if (status / 100 == 2 && c.method().equals("POST")) {
      String id = HttpJson.parse(response.body()).path("paymentId").asString("");
      String key = response.request().headers().firstValue("Idempotency-Key").orElse("");
      accepted.add(new ChaosChecks.Accepted(id, terminal.clientId(), key, false));
    }
  }

  /**
   * Keeps up to {@value #EXAMPLES_PER_KIND} examples of each kind of finding (category and the
   * status, or "hang" / "connection closed"), so a frequent kind does not hide a rare one.
   */
  private static void finding(List<String> findings, FuzzCases.FuzzCase c, String what) {
    String kind = c.category() + " " + what.replaceAll("^(HTTP \\d+|[a-z ]+).*$", "$1");
    long seen = findings.stream().filter(f -> f.startsWith(kind + " ")).count();
    if (seen < EXAMPLES_PER_KIND && findings.size() < 200) {
      findings.add(kind + " [" + c.description() + (c.chunked() ? ", chunked" : "") + "]: " + what);
    }
  }

  static final int EXAMPLES_PER_KIND = 5;
}
