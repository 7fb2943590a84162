package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the real Kafka broker process and the sandbox process through the launcher, on free ports
 * in a temporary run directory, and stops them again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevstackIT {

  private static final String SID = StackConfig.DEFAULT_SMS_ACCOUNT_SID;
  private static final String TOKEN = "it-token";

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private Path runDir;
  private StackConfig config;
  private Stack stack;
  private final List<Long> pids = new ArrayList<>();

  @BeforeAll
  void startBrokerAndSandbox() throws IOException {
    runDir = Files.createTempDirectory(Path.of("/tmp"), "devstack-it");
    int[] ports = freePorts(8);
    String classpath =
        Path.of("target/classes").toAbsolutePath()
            + ":"
            + Files.readString(Path.of("target/classpath.txt")).trim();
    config =
        new StackConfig(
            Path.of("..").toAbsolutePath().normalize(),
            runDir,
            classpath,
            "127.0.0.1",
            ports[0],
            ports[1],
            "127.0.0.1",
            ports[2],
            "postgres",
            "",
            "paystream",
            "127.0.0.1",
            ports[3],
            ports[4],
            ports[5],
            ports[6],
            SID,
            TOKEN,
            "+15005550006",
            Duration.ofSeconds(120),
            "384m",
            java.util.List.of(),
            false);
    stack = new Stack(config, System.out);
    Stack.Deadline deadline = new Stack.Deadline(config.startTimeout());
    stack.startKafkaAndSandbox(deadline);
    stack.awaitKafkaAndSandbox(deadline);
    pids.add(stack.kafka().process().running().orElseThrow().pid());
    pids.add(stack.sandbox().running().orElseThrow().pid());
  }

  @AfterAll
  void stopEverything() throws IOException {
    if (stack != null) {
      stack.down(); // no-op after downLeavesNothingRunning; a safety net if an earlier step failed
    }
    try (Stream<Path> files = Files.walk(runDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void brokerHasEveryRegistryAndDeadLetterTopic() {
    assertThat(stack.kafka().listTopics().keySet())
        .containsAll(KafkaBroker.registryTopics().stream().map(NewTopic::name).toList());
    assertThat(stack.kafka().listTopics()).containsEntry("payment-stream", 6);
  }

  @Test
  void smsSandboxAcceptsATwilioMessageAndReadsItBack() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    String to = "+14155550" + (100 + (int) (Math.random() * 800));

    HttpResponse<String> sent = sendSms(SID + ":" + TOKEN, to, "Your paystream code is 482913");

    assertThat(sent.statusCode()).isEqualTo(201);
    JsonNode resource = json.readTree(sent.body());
    assertThat(resource.get("sid").asString()).matches("SM[0-9a-f]{32}");
    assertThat(resource.get("status").asString()).isEqualTo("queued");

    HttpResponse<String> read =
        get(
            config.smsBaseUrl()
                + "/sandbox/messages?to="
                + URLEncoder.encode(to, StandardCharsets.UTF_8)
                + "&since="
                + before);
    JsonNode messages = json.readTree(read.body());
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).get("sid").asString()).isEqualTo(resource.get("sid").asString());
    assertThat(messages.get(0).get("body").asString()).isEqualTo("Your paystream code is 482913");
    assertThat(messages.get(0).get("from").asString()).isEqualTo("+15005550006");
  }

  @Test
  void smsSandboxRejectsAWrongAuthTokenWithoutRecording() throws Exception {
    HttpResponse<String> sent = sendSms(SID + ":wrong", "+14155550999", "nope");

    assertThat(sent.statusCode()).isEqualTo(401);
    assertThat(json.readTree(sent.body()).get("code").asInt()).isEqualTo(20003);
    assertThat(
            json.readTree(get(config.smsBaseUrl() + "/sandbox/messages?to=%2B14155550999").body()))
        .isEmpty();
  }

  @Test
  void smtpSandboxReceivesMailAndReadsItBack() throws Exception {
    GreenMailUtil.sendTextEmail(
        "cardholder@example.com",
        "noreply@paystream.io",
        "Your receipt",
        "Thank you",
        new ServerSetup(config.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    JsonNode mails =
        json.readTree(
            get(config.mailApiBaseUrl() + "/sandbox/mails?to=cardholder@example.com").body());

    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).get("subject").asString()).isEqualTo("Your receipt");
  }

  @Test
  void aSecondUpStartsNothingTwice() {
    Stack.Deadline deadline = new Stack.Deadline(Duration.ofSeconds(20));

    stack.startKafkaAndSandbox(deadline);

    assertThat(stack.kafka().process().running().orElseThrow().pid()).isEqualTo(pids.get(0));
    assertThat(stack.sandbox().running().orElseThrow().pid()).isEqualTo(pids.get(1));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void downLeavesNothingRunning() {
    List<String> stopped = stack.down();

    assertThat(stopped).containsExactlyInAnyOrder("kafka", "sandbox");
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d", pid).isEmpty();
    }
    for (int port :
        new int[] {
          config.kafkaPort(),
          config.controllerPort(),
          config.smtpPort(),
          config.mailApiPort(),
          config.smsPort()
        }) {
      assertThat(Ports.isListening("127.0.0.1", port)).as("port %d", port).isFalse();
    }
    assertThat(config.pidFile("kafka")).doesNotExist();
    assertThat(config.pidFile("sandbox")).doesNotExist();
  }

  private HttpResponse<String> sendSms(String credentials, String to, String body)
      throws Exception {
    String form =
        "To="
            + URLEncoder.encode(to, StandardCharsets.UTF_8)
            + "&From="
            + URLEncoder.encode("+15005550006", StandardCharsets.UTF_8)
            + "&Body="
            + URLEncoder.encode(body, StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(
                URI.create(config.smsBaseUrl() + "/2010-04-01/Accounts/" + SID + "/Messages.json"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
