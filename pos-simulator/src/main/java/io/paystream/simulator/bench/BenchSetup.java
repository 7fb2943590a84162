package io.paystream.simulator.bench;

import io.paystream.simulator.FleetConnectionOptions;
import io.paystream.simulator.model.Merchant;
import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.RegistryClient;
import io.paystream.simulator.replay.Terminals;
import io.paystream.simulator.replay.TokenClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * What the fleet benchmark and the chaos run ({@code make chaos}) set up before they send load: the
 * {@link BenchTraffic} customers, cards and merchant sites registered through the gateway, one
 * OAuth 2 terminal client per site (auth-server's admin API) and every terminal's first token.
 *
 * @param endpoints the gateway and auth-server
 * @param http the JSON client (60 s per request)
 * @param terminals the terminal clients and their token cache
 * @param traffic the payments to send
 * @param adminToken a token of the admin client
 * @param merchantIds the registered sites, one terminal each
 */
public record BenchSetup(
    Endpoints endpoints,
    HttpJson http,
    Terminals terminals,
    BenchTraffic traffic,
    String adminToken,
    List<String> merchantIds) {

  /**
   * Registers {@code traffic}'s customers, cards and sites and the sites' terminal clients of
   * {@code tier}, and mints each terminal's first token (4 at a time).
   *
   * @param log progress lines
   */
  public static BenchSetup register(
      FleetConnectionOptions fleet, BenchTraffic traffic, String tier, Consumer<String> log) {
    Endpoints endpoints =
        new Endpoints(
            URI.create(fleet.gateway()),
            URI.create(fleet.auth()),
            URI.create(fleet.gateway()),
            URI.create(fleet.gateway()));
    HttpJson http = new HttpJson(Duration.ofSeconds(60));
    TokenClient tokens = new TokenClient(http, endpoints);
    Terminals terminals =
        new Terminals(
            http,
            endpoints,
            tokens,
            new Terminals.AdminCredentials(fleet.adminClientId(), fleet.adminClientSecret()),
            fleet.terminalSecretSeed(),
            tier);
    var data = traffic.dataset();
    log.accept(
        String.format(
            "registering %,d customers, %,d cards, %,d merchant sites (one %s terminal client"
                + " each)",
            data.customers().size(), data.cards().size(), data.merchants().size(), tier));
    String adminToken = terminals.adminToken().join();
    RegistryClient.Registration reg =
        new RegistryClient(http, endpoints)
            .registerAll(adminToken, data.customers(), data.cards(), data.merchants());
    List<String> merchantIds = data.merchants().stream().map(Merchant::merchantId).toList();
    Terminals.Registration termReg = terminals.registerAll(merchantIds, 4);
    log.accept(
        String.format(
            "registry %s (rejected %s); terminals %s", reg.accepted(), reg.rejected(), termReg));
    prefetchTokens(terminals, merchantIds, log);
    return new BenchSetup(endpoints, http, terminals, traffic, adminToken, merchantIds);
  }

  private static void prefetchTokens(
      Terminals terminals, List<String> merchantIds, Consumer<String> log) {
    Semaphore permits = new Semaphore(4);
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (String m : merchantIds) {
      permits.acquireUninterruptibly();
      all.add(terminals.token(terminals.of(m)).whenComplete((t, e) -> permits.release()));
    }
    long failed =
        all.stream()
            .filter(
                f -> {
                  try {
                    f.join();
                    return false;
                  } catch (RuntimeException e) {
                    return true;
                  }
                })
            .count();
    log.accept(String.format("tokens: %d terminals, %d failed", merchantIds.size(), failed));
  }
}
