package io.paystream.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Faster service starts with the JDK's ahead-of-time cache (JEP 483, with the one-step training of
 * JEP 514 and the method profiles of JEP 515, all in JDK 25): classes come loaded and linked from
 * {@code app.aot} instead of being read, verified and linked from nested jars on every start.
 *
 * <p>Per service, under {@code <runDir>/jvm/<service>/}: the Spring Boot jar extracted with its
 * {@code tools} jar mode (the application jar plus {@code lib/}: the cache needs a class path of
 * plain jars), {@code app.aot}, the training log and {@code stamp} (jar size and modification time,
 * JDK version and JVM options). A training run starts the service with {@code -XX:AOTCacheOutput}
 * and {@code -Dspring.context.exit=onRefresh}: the context is refreshed (Flyway migrations
 * included, so PostgreSQL must answer) and the JVM exits before the web server or the Kafka
 * listeners start. It runs when the stamp changed (a rebuilt jar, another JDK or other options),
 * otherwise the cache is reused.
 *
 * <p>Measured for payment-api on this project's 2-core box (docs/performance.md): start-up CPU 12.3
 * s from the fat jar with C2, 8.6 s with C1 only, 4.7 s extracted, 2.5 s extracted with the cache.
 * A failed training is reported and the service starts without the cache, never not at all.
 */
final class AotCache {

  /** How long one training run may take before it is abandoned. */
  private static final long TRAINING_TIMEOUT_SECONDS = 300;

  private final StackConfig config;
  private final PrintStream out;

  AotCache(StackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Whether this JDK can write an AOT cache in one step ({@code -XX:AOTCacheOutput}, JDK 25+). */
  static boolean supported() {
    return Runtime.version().feature() >= 25;
  }

  /**
   * The JVM arguments that run {@code service}: {@code -XX:AOTCache=... -jar <extracted jar>} where
   * a trained cache exists for the current jar and options, else {@code -jar <service jar>}.
   *
   * @param service the service
   * @param jvmOptions the options before {@code -jar} (heap, GC, ...)
   */
  List<String> launch(Fleet.Service service, List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Java.executable());
    command.addAll(jvmOptions);
    Path dir = dir(service);
    if (config.aotCache() && supported() && current(service, jvmOptions)) {
      command.add("-XX:AOTCache=" + dir.resolve("app.aot"));
      command.add("-jar");
      command.add(extractedJar(service).toString());
    } else {
      command.add("-jar");
      command.add(config.root().resolve(service.jar()).toString());
    }
    return command;
  }

  /**
   * Trains a cache for each service whose cache is missing or stale, two at a time (one per core of
   * the target box), and reports what it did. Failures are printed, not thrown.
   *
   * @param services the services to start
   * @param jvmOptions the options the services will run with (the cache is only valid for them)
   */
  void prepare(List<Fleet.Service> services, List<String> jvmOptions) {
    if (!config.aotCache() || !supported()) {
      return;
    }
    List<Fleet.Service> stale = services.stream().filter(s -> !current(s, jvmOptions)).toList();
    if (stale.isEmpty()) {
      return;
    }
    out.println(
        "training the JDK AOT cache of "
            + stale.size()
            + " service(s), once per build (PAYSTREAM_AOT_CACHE=false skips it)");
    long start = System.nanoTime();
    int parallel = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (Fleet.Service s : stale) {
        results.add(pool.submit(() -> train(s, jvmOptions)));
      }
      for (int i = 0; i < stale.size(); i++) {
        String failure;
        try {
          failure = results.get(i).get();
        } catch (Exception e) {
          failure = e.toString();
        }
        if (failure != null) {
          out.println(
              "  "
                  + stale.get(i).name()
                  + ": no AOT cache ("
                  + failure
                  + "); it starts without one. Log: "
                  + config.root().relativize(dir(stale.get(i)).resolve("training.log")));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    out.printf("AOT caches ready in %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
  }

  /** Extracts and trains {@code service}; {@code null} on success, else why it failed. */
  private String train(Fleet.Service service, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Path dir = dir(service);
    deleteRecursively(dir);
    Files.createDirectories(dir);
    Path log = dir.resolve("training.log");
    Path jar = config.root().resolve(service.jar());
    int extracted =
        run(
            List.of(
                Java.executable(),
                "-Djarmode=tools",
                "-jar",
                jar.toString(),
                "extract",
                "--destination",
                dir.toString(),
                "--force"),
            Map.of(),
            log);
    Path app = extractedJar(service);
    if (extracted != 0 || !Files.isRegularFile(app)) {
      return "extracting " + service.jar() + " failed";
    }
    List<String> command = new ArrayList<>();
    command.add(Java.executable());
    command.addAll(jvmOptions);
    command.add("-XX:AOTCacheOutput=" + dir.resolve("app.aot"));
    command.add("-Dspring.context.exit=onRefresh");
    command.add("-jar");
    command.add(app.toString());
    Map<String, String> env = ServiceEnvironment.of(config, service);
    int trained = run(command, env, log);
    if (trained != 0 || !Files.isRegularFile(dir.resolve("app.aot"))) {
      return "training exited with " + trained;
    }
    Files.writeString(dir.resolve("stamp"), stamp(service, jvmOptions), StandardCharsets.UTF_8);
    return null;
  }

  private int run(List<String> command, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(config.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private boolean current(Fleet.Service service, List<String> jvmOptions) {
    Path dir = dir(service);
    try {
      return Files.isRegularFile(dir.resolve("app.aot"))
          && Files.isRegularFile(dir.resolve("stamp"))
          && Files.readString(dir.resolve("stamp"), StandardCharsets.UTF_8)
              .equals(stamp(service, jvmOptions));
    } catch (IOException e) {
      return false;
    }
  }

  /** What the cache depends on: the jar's size and time, the JDK and the JVM options. */
  String stamp(Fleet.Service service, List<String> jvmOptions) throws IOException {
    Path jar = config.root().resolve(service.jar());
    if (!Files.isRegularFile(jar)) {
      return "missing";
    }
    return Files.size(jar)
        + " "
        + Files.getLastModifiedTime(jar).toMillis()
        + " "
        + Runtime.version()
        + " "
        + String.join(" ", jvmOptions)
        + "\n";
  }

  /** The extracted application jar: {@code <dir>/<jar file name>}, next to {@code lib/}. */
  private Path extractedJar(Fleet.Service service) {
    return dir(service).resolve(Path.of(service.jar()).getFileName());
  }

  private Path dir(Fleet.Service service) {
    return config.runDir().resolve("jvm").resolve(service.name());
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
