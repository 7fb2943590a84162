package io.paystream.devstack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The faults {@code make chaos} injects into a dev stack (docs/reliability.md), each only into a
 * process this stack started itself (its PID file passes the PID guard of {@link ManagedProcess}):
 * a PostgreSQL or Redis that the stack found already answering (the machine's shared ones) is never
 * stopped, killed or flushed. Healing is {@code up}, which starts whatever of the stack is not
 * running and waits until it is healthy.
 */
public final class Faults {

  private final StackConfig config;
  private final PrintStream out;

  public Faults(StackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /**
   * Every component {@link #kill} accepts: the services, Kafka nodes, sandbox, Redis, PostgreSQL.
   */
  public List<String> components() {
    List<String> names = new ArrayList<>();
    Fleet.SERVICES.forEach(s -> names.add(s.name()));
    new KafkaBroker(config).allNodes().forEach(n -> names.add(n.process().name()));
    names.addAll(List.of(Stack.SANDBOX, RedisInstance.NAME, PostgresInstance.NAME));
    return names;
  }

  /**
   * {@code kill -9} of a component the stack started (for PostgreSQL: its postmaster), waiting up
   * to 10 s until it is gone. The PID file is left for {@code up} to find stale.
   *
   * @return the PID killed
   * @throws IllegalArgumentException for an unknown component
   * @throws IllegalStateException when no process of ours runs under that name
   */
  public long kill(String component) {
    if (!components().contains(component)) {
      throw new IllegalArgumentException(
          "unknown component " + component + "; one of " + String.join(", ", components()));
    }
    ProcessHandle h = ours(ManagedProcess.of(config, component), component);
    h.destroyForcibly();
    ManagedProcess.awaitExit(h, Duration.ofSeconds(10));
    out.println("killed " + component + " (pid " + h.pid() + ") with SIGKILL");
    return h.pid();
  }

  /**
   * Stops the stack's own PostgreSQL in immediate mode ({@code pg_ctl stop -m immediate}: no
   * checkpoint, clients cut off, crash recovery on the next start).
   *
   * @throws IllegalStateException when the PostgreSQL at the configured address was not started by
   *     the stack (a shared one is never stopped)
   */
  public void stopPostgresImmediately() {
    PostgresInstance postgres = new PostgresInstance(config);
    ours(
        postgres.process(), "PostgreSQL at " + config.postgresHost() + ":" + config.postgresPort());
    postgres.stopImmediately();
    out.println("stopped PostgreSQL (" + config.postgresPort() + ") in immediate mode");
  }

  /**
   * {@code FLUSHALL} on the stack's own Redis: every key of every database gone at once.
   *
   * @throws IllegalStateException when Redis at the configured address was not started by the stack
   */
  public void flushAllRedis() {
    RedisInstance redis = new RedisInstance(config);
    ours(redis.process(), "Redis at " + config.redisHost() + ":" + config.redisPort());
    redis.command("FLUSHALL\r\n", "+OK\r\n");
    out.println("FLUSHALL on Redis (" + config.redisPort() + ")");
  }

  private static ProcessHandle ours(ManagedProcess p, String what) {
    Optional<ProcessHandle> h = p.running();
    if (h.isEmpty()) {
      throw new IllegalStateException(
          what
              + " is not running as a process this dev stack started (no PID file of ours):"
              + " refusing to touch it");
    }
    return h.get();
  }
}
