package io.paystream.devstack.sandbox;

import io.paystream.devstack.StackConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code Devstack sandbox}: runs the SMTP and SMS sandboxes in the foreground until terminated.
 * {@code make up} starts it as a background process.
 */
@Command(
    name = "sandbox",
    description = "Run the SMTP (GreenMail) and SMS (Twilio-compatible WireMock) sandboxes.")
public final class SandboxCommand implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address.")
  String host;

  @Option(names = "--smtp-port", defaultValue = "3025", description = "SMTP port.")
  int smtpPort;

  @Option(names = "--mail-api-port", defaultValue = "8087", description = "Mail read-back API.")
  int mailApiPort;

  @Option(names = "--sms-port", defaultValue = "8089", description = "SMS Messages API.")
  int smsPort;

  @Option(
      names = "--sms-account-sid",
      defaultValue = StackConfig.DEFAULT_SMS_ACCOUNT_SID,
      description = "Accepted AccountSid.")
  String smsAccountSid;

  @Option(
      names = "--sms-auth-token",
      defaultValue = "${env:PAYSTREAM_SMS_AUTH_TOKEN:-dev-sms-auth-token}",
      description = "Accepted auth token (HTTP Basic password).")
  String smsAuthToken;

  /** The command line that runs this sandbox for {@code config} as a child JVM. */
  public static List<String> command(StackConfig config) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-XX:+UseSerialGC",
        "-cp",
        config.classpath(),
        "io.paystream.devstack.Devstack",
        "sandbox",
        "--host",
        config.host(),
        "--smtp-port",
        Integer.toString(config.smtpPort()),
        "--mail-api-port",
        Integer.toString(config.mailApiPort()),
        "--sms-port",
        Integer.toString(config.smsPort()),
        "--sms-account-sid",
        config.smsAccountSid(),
        "--sms-auth-token",
        config.smsAuthToken());
  }

  @Override
  public Integer call() throws Exception {
    SandboxServer server =
        SandboxServer.start(host, smtpPort, mailApiPort, smsPort, smsAccountSid, smsAuthToken);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    System.out.printf(
        "sandbox up: smtp %s:%d, mail api http://%s:%d/sandbox/mails, sms http://%s:%d%n",
        host, smtpPort, host, mailApiPort, host, smsPort);
    stopped.await();
    return 0;
  }
}
