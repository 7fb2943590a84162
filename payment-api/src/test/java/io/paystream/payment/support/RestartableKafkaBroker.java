package io.paystream.payment.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft broker (combined broker + controller) that can be stopped and started
 * again on the same address with the same log directory, as an operator restarting Kafka would:
 * what {@code EmbeddedKafkaKraftBroker} cannot do.
 */
public final class RestartableKafkaBroker {

  private final Properties config;
  private final String bootstrap;
  private KafkaRaftServer server;

  private RestartableKafkaBroker(Properties config, String bootstrap) {
    this.config = config;
    this.bootstrap = bootstrap;
  }

  /** Formats a fresh log directory on two free ports and starts the broker. */
  public static RestartableKafkaBroker start() {
    try {
      int port = freePort();
      int controllerPort = freePort();
      Path dir = Files.createTempDirectory("payment-api-kafka-");
      Properties p = new Properties();
      p.put("process.roles", "broker,controller");
      p.put("node.id", "1");
      p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
      p.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      p.put("controller.listener.names", "CONTROLLER");
      p.put("inter.broker.listener.name", "PLAINTEXT");
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      p.put("log.dirs", dir.resolve("data").toString());
      p.put("offsets.topic.replication.factor", "1");
      p.put("offsets.topic.num.partitions", "3");
      p.put("transaction.state.log.replication.factor", "1");
      p.put("transaction.state.log.min.isr", "1");
      p.put("share.coordinator.state.topic.replication.factor", "1");
      p.put("share.coordinator.state.topic.min.isr", "1");
      p.put("group.initial.rebalance.delay.ms", "0");
      p.put("auto.create.topics.enable", "false");
      Path file = dir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(file)) {
        p.store(out, "payment-api test broker");
      }
      int rc =
          StorageTool$.MODULE$.execute(
              new String[] {
                "format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", file.toString()
              },
              new PrintStream(OutputStream.nullOutputStream()));
      if (rc != 0) {
        throw new IllegalStateException("kafka storage format failed: " + rc);
      }
      RestartableKafkaBroker broker = new RestartableKafkaBroker(p, "127.0.0.1:" + port);
      broker.startAgain();
      return broker;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code bootstrap.servers} of this broker (stable across restarts). */
  public String bootstrapServers() {
    return bootstrap;
  }

  /** Creates topics (replication factor 1). */
  public void createTopics(List<NewTopic> topics) {
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the broker and waits until it is down. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts the broker again (same ports, same data) and waits until it answers. */
  public synchronized void startAgain() {
    server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
    server.startup();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("broker did not come up", e);
        }
      }
    }
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    return Admin.create(p);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
