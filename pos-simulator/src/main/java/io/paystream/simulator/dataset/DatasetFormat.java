package io.paystream.simulator.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The supported dataset formats and their detection from a path's header line. */
public enum DatasetFormat {
  /** IBM TabFormer card transactions (+ {@code sd254_users}, {@code sd254_cards}). */
  TABFORMER,
  /** Sparkov simulated transactions ({@code fraudTrain.csv}). */
  SPARKOV,
  /** The built-in generator; no file. */
  GENERATOR;

  /**
   * The format of a file or directory, from the header line of the transactions file: TabFormer
   * starts {@code User,Card,Year,}, Sparkov contains {@code trans_date_trans_time}.
   */
  public static Optional<DatasetFormat> detect(Path path) throws IOException {
    Optional<Path> file = transactionsFile(path);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    String header = headerLine(file.get());
    if (header.startsWith("User,Card,Year,")) {
      return Optional.of(TABFORMER);
    }
    if (header.contains("trans_date_trans_time") && header.contains("cc_num")) {
      return Optional.of(SPARKOV);
    }
    return Optional.empty();
  }

  /**
   * The transactions file of a dataset path: the path itself, or in a directory the first {@code
   * card_transaction*.csv[.gz]} or {@code fraud*.csv[.gz]}.
   */
  public static Optional<Path> transactionsFile(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return Optional.of(path);
    }
    if (!Files.isDirectory(path)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(path)) {
      return files
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return (n.startsWith("card_transaction") || n.startsWith("fraud"))
                    && (n.endsWith(".csv") || n.endsWith(".csv.gz"));
              })
          .sorted()
          .findFirst();
    }
  }

  /** Opens a {@code .csv} or {@code .csv.gz} file as UTF-8 text. */
  public static BufferedReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private static String headerLine(Path file) throws IOException {
    try (BufferedReader reader = open(file)) {
      String line = reader.readLine();
      return line == null ? "" : line;
    }
  }
}
