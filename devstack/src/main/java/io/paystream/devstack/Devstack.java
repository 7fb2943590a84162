package io.paystream.devstack;

import io.paystream.devstack.bench.KafkaBench;
import io.paystream.devstack.sandbox.SandboxCommand;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The dev stack launcher behind {@code make up / down / status / topics / infra-up / infra-down /
 * run / bench-kafka}. Configuration comes from the environment ({@link StackConfig}); child JVMs
 * (broker, sandbox) run on this JVM's class path.
 */
@Command(
    name = "devstack",
    mixinStandardHelpOptions = true,
    description = "paystream dev stack: real Kafka, PostgreSQL, Redis, sandboxes and the fleet.",
    subcommands = {
      Devstack.Up.class,
      Devstack.Down.class,
      Devstack.Status.class,
      Devstack.TopicsCommand.class,
      Devstack.InfraUp.class,
      Devstack.InfraDown.class,
      Devstack.ResetData.class,
      Devstack.Run.class,
      Devstack.Fault.class,
      SandboxCommand.class,
      KafkaBench.class
    })
public final class Devstack {

  @Option(
      names = "--root",
      defaultValue = ".",
      description = "Repository root (service jars, .run/). Default: the current directory.")
  Path root;

  /** Runs the launcher and exits with its status. */
  public static void main(String[] args) {
    quietLogging();
    CommandLine cli = new CommandLine(new Devstack());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("devstack: " + e.getMessage());
          return 1;
        });
    System.exit(cli.execute(args));
  }

  /** This invocation's configuration. */
  public StackConfig config() {
    return StackConfig.fromEnvironment(
        System.getenv(), root.toAbsolutePath().normalize(), absoluteClasspath());
  }

  /** This JVM's class path with absolute entries (children run from another directory). */
  static String absoluteClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isBlank())
        .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The launcher's own output is its messages; client libraries log warnings only. */
  private static void quietLogging() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  Stack stack() {
    return new Stack(config(), System.out);
  }

  /** {@code up}: start what does not run, wait until healthy, print the status table. */
  @Command(name = "up", description = "Start the dev stack (idempotent) and print its status.")
  static final class Up implements Callable<Integer> {
    @ParentCommand Devstack parent;

    @Option(names = "--no-services", description = "Only infrastructure and sandboxes.")
    boolean noServices;

    @Override
    public Integer call() {
      Stack stack = parent.stack();
      stack.up(!noServices);
      System.out.print(StatusTable.render(stack.status()));
      return 0;
    }
  }

  /** {@code down}: stop everything the stack started. */
  @Command(name = "down", description = "Stop everything `up` started, by PID.")
  static final class Down implements Callable<Integer> {
    @ParentCommand Devstack parent;

    @Override
    public Integer call() {
      List<String> stopped = parent.stack().down();
      System.out.println(
          stopped.isEmpty()
              ? "nothing of ours was running"
              : "stopped: " + String.join(", ", stopped));
      return 0;
    }
  }

  /** {@code status}: the table of what runs where. */
  @Command(name = "status", description = "Print what runs where.")
  static final class Status implements Callable<Integer> {
    @ParentCommand Devstack parent;

    @Override
    public Integer call() {
      System.out.print(StatusTable.render(parent.stack().status()));
      return 0;
    }
  }

  /** {@code topics}: the broker's topics with partition counts. */
  @Command(name = "topics", description = "List the dev stack broker's topics.")
  static final class TopicsCommand implements Callable<Integer> {
    @ParentCommand Devstack parent;

    @Override
    public Integer call() {
      Map<String, Integer> topics = new KafkaBroker(parent.config()).listTopics();
      int width = topics.keySet().stream().mapToInt(String::length).max().orElse(5);
      System.out.printf("%-" + width + "s  %s%n", "TOPIC", "PARTITIONS");
      topics.forEach(
          (name, partitions) -> System.out.printf("%-" + width + "s  %d%n", name, partitions));
      return 0;
    }
  }

  /** {@code infra-up}: PostgreSQL and Redis only. */
  @Command(name = "infra-up", description = "Ensure PostgreSQL and Redis answer (start if needed).")
  static final class InfraUp implements Callable<Integer> {
    @ParentCommand Devstack parent;

    @Override
    public Integer call() {
      List<String> started = parent.stack().infraUp();
      StackConfig c = parent.config();
      System.out.printf(
          "PostgreSQL %s:%d and Redis %s:%d answer%s%n",
          c.postgresHost(),
          c.postgresPort(),
          c.redisHost(),
          c.redisPort(),
          started.isEmpty() ? "" : " (started: " + String.join(", ", started) + ")");
      return 0;
    }
  }

  /** {@code reset-data}: an empty database and Redis db 0, for a run that must start clean. */
  @Command(
      name = "reset-data",
      description =
          "Drop and recreate the stack's PostgreSQL database and flush Redis db 0 (run after down).")
  static final class ResetData implements Callable<Integer> {
    @ParentCommand Devstack parent;

    @Override
    public Integer call() {
      parent.stack().infraUp();
      new PostgresInstance(parent.config()).recreateDatabase();
      new RedisInstance(parent.config()).flushServiceDatabase();
      System.out.printf("emptied database %s and Redis db 0%n", parent.config().database());
      return 0;
    }
  }

  /** {@code infra-down}: stop only what {@code infra-up} started. */
  @Command(name = "infra-down", description = "Stop what infra-up started (nothing else).")
  static final class InfraDown implements Callable<Integer> {
    @ParentCommand Devstack parent;

    @Override
    public Integer call() {
      parent.stack().infraDown();
      return 0;
    }
  }

  /** {@code run}: up, status, then wait in the foreground; Ctrl-C stops everything. */
  @Command(name = "run", description = "up, then stay in the foreground; Ctrl-C stops everything.")
  static final class Run implements Callable<Integer> {
    @ParentCommand Devstack parent;

    @Override
    public Integer call() throws InterruptedException {
      Stack stack = parent.stack();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    System.out.println("\nstopping the dev stack...");
                    List<String> stopped = stack.down();
                    System.out.println("stopped: " + String.join(", ", stopped));
                  }));
      stack.up(true);
      System.out.print(StatusTable.render(stack.status()));
      System.out.println("paystream is running; Ctrl-C stops it.");
      Thread.currentThread().join();
      return 0;
    }
  }

  /** {@code fault}: the faults of {@code make chaos}, only into processes the stack started. */
  @Command(
      name = "fault",
      description = "Inject a fault into a process the stack started (make chaos); heal with up.",
      subcommands = {Fault.Kill.class, Fault.PostgresStop.class, Fault.RedisFlushAll.class})
  static final class Fault {
    @ParentCommand Devstack parent;

    Faults faults() {
      return new Faults(parent.config(), System.out);
    }

    /** {@code fault kill <component>}: SIGKILL. */
    @Command(name = "kill", description = "kill -9 of a service, Kafka node, sandbox, Redis.")
    static final class Kill implements Callable<Integer> {
      @ParentCommand Fault fault;

      @picocli.CommandLine.Parameters(description = "component, e.g. fds-service or kafka-2")
      String component;

      @Override
      public Integer call() {
        fault.faults().kill(component);
        return 0;
      }
    }

    /** {@code fault postgres-stop}: pg_ctl stop -m immediate. */
    @Command(name = "postgres-stop", description = "Stop the stack's own PostgreSQL, immediate.")
    static final class PostgresStop implements Callable<Integer> {
      @ParentCommand Fault fault;

      @Override
      public Integer call() {
        fault.faults().stopPostgresImmediately();
        return 0;
      }
    }

    /** {@code fault redis-flushall}. */
    @Command(name = "redis-flushall", description = "FLUSHALL on the stack's own Redis.")
    static final class RedisFlushAll implements Callable<Integer> {
      @ParentCommand Fault fault;

      @Override
      public Integer call() {
        fault.faults().flushAllRedis();
        return 0;
      }
    }
  }
}
