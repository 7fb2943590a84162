package io.paystream.simulator;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays a transaction dataset as POS/app traffic through the gateway (issue: {@code make run}).
 * This first version only parses its options; the replay arrives with the end-to-end work.
 */
@Command(
    name = "pos-simulator",
    mixinStandardHelpOptions = true,
    description = "Replays card transactions through the paystream gateway.")
public class PosSimulator implements Callable<Integer> {

  @Option(
      names = "--gateway",
      defaultValue = "http://127.0.0.1:8080",
      description = "Gateway base URL (default: ${DEFAULT-VALUE}).")
  String gateway;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Replay at most this many transactions; 0 = all (default: ${DEFAULT-VALUE}).")
  long limit;

  @Override
  public Integer call() {
    System.err.println("pos-simulator: replay is not implemented yet (gateway " + gateway + ")");
    return 2;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PosSimulator()).execute(args));
  }
}
