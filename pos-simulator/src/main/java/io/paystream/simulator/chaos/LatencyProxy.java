package io.paystream.simulator.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy on loopback (NetCrusher) between the fleet and its PostgreSQL or Redis, for the slow
 * network scenarios of {@code make chaos}: the services are given the proxy's port ({@code
 * PAYSTREAM_POSTGRES_SERVICE_PORT}, {@code PAYSTREAM_REDIS_SERVICE_PORT}) and every chunk of bytes
 * in either direction waits {@link #delay(Duration)} before it is passed on, so a round trip costs
 * twice that. The delay applies at once to open connections. No delay by default.
 *
 * <p>Why a proxy: this machine's kernel has no {@code sch_netem} ({@code tc qdisc ... netem} fails
 * with "Specified qdisc kind is unknown"), and a qdisc on the shared loopback would touch other
 * users' traffic.
 */
public final class LatencyProxy implements AutoCloseable {

  private final NioReactor reactor;
  private final TcpCrusher crusher;
  private final AtomicLong delayNanos = new AtomicLong();
  private final String name;

  /**
   * Opens the proxy.
   *
   * @param name what it fronts, for messages ({@code postgres}, {@code redis})
   * @param host the loopback address both sides use
   * @param listenPort where the services connect
   * @param targetPort the real server
   * @throws IOException when the port cannot be bound
   */
  public LatencyProxy(String name, String host, int listenPort, int targetPort) throws IOException {
    this.name = name;
    this.reactor = new NioReactor();
    // NO_DELAY_NS (negative) passes a chunk straight on; 0 would queue it for the next tick
    Throttler throttler =
        buffer -> {
          long d = delayNanos.get();
          return d > 0 ? d : Throttler.NO_DELAY_NS;
        };
    this.crusher =
        TcpCrusherBuilder.builder()
            .withReactor(reactor)
            .withBindAddress(host, listenPort)
            .withConnectAddress(host, targetPort)
            .withTcpNoDelay(true)
            .withIncomingThrottlerFactory(address -> throttler)
            .withOutgoingThrottlerFactory(address -> throttler)
            .buildAndOpen();
  }

  /** Sets the one-way delay of every chunk (zero: none). */
  public void delay(Duration oneWay) {
    delayNanos.set(oneWay.toNanos());
  }

  /** The one-way delay now. */
  public Duration delay() {
    return Duration.ofNanos(delayNanos.get());
  }

  /** Connections open through the proxy now. */
  public int connections() {
    return crusher.getClientAddresses().size();
  }

  @Override
  public String toString() {
    return name + " proxy (" + TimeUnit.NANOSECONDS.toMillis(delayNanos.get()) + " ms)";
  }

  @Override
  public void close() {
    crusher.close();
    reactor.close();
  }
}
