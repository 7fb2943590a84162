package io.paystream.devstack;

import java.util.List;

/** Renders the "what runs where" table of {@code make up} / {@code make status}. */
public final class StatusTable {

  /**
   * One component's line.
   *
   * @param name component name
   * @param pid the PID we started; {@code <pid> (not ours)} or {@code not ours} when a process
   *     without our PID file holds the component's port; {@code external} (a PostgreSQL/Redis we
   *     use but did not start); or {@code -}
   * @param address host:port(s)
   * @param health {@code UP}, {@code DOWN}, {@code STOPPED}
   * @param log log file, relative to the repository root, or {@code -}
   */
  public record Row(String name, String pid, String address, String health, String log) {}

  private static final String[] HEADER = {"NAME", "PID", "ADDRESS", "HEALTH", "LOG"};

  private StatusTable() {}

  /** Left-aligned columns separated by two spaces, a header line, no trailing spaces. */
  public static String render(List<Row> rows) {
    int[] width = new int[HEADER.length];
    for (int i = 0; i < HEADER.length; i++) {
      width[i] = HEADER[i].length();
    }
    for (Row r : rows) {
      String[] cells = cells(r);
      for (int i = 0; i < cells.length; i++) {
        width[i] = Math.max(width[i], cells[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, HEADER, width);
    for (Row r : rows) {
      line(out, cells(r), width);
    }
    return out.toString();
  }

  private static String[] cells(Row r) {
    return new String[] {r.name(), r.pid(), r.address(), r.health(), r.log()};
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      line.append(cells[i]);
      if (i < cells.length - 1) {
        line.append(" ".repeat(width[i] - cells[i].length() + 2));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
