package io.paystream.simulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of named process groups, read from {@code /proc/<pid>/stat} (utime + stime). A group is
 * a root process and, optionally, its direct children (PostgreSQL: the postmaster and its
 * backends). Children that exit between two snapshots are not lost: the root's reaped-children time
 * (cutime + cstime) grows by their whole life, and what they had used before the window is taken
 * off. Ticks become milliseconds at {@code ticksPerSecond} (CLK_TCK, normally 100: a resolution of
 * 10 ms per process).
 */
public final class CpuSampler {

  /**
   * A process group to measure.
   *
   * @param name label in the report (e.g. {@code payment-api}, {@code postgresql})
   * @param rootPid the process
   * @param withChildren also count its direct children (and, through cutime/cstime, those reaped)
   * @param excludedChildren children not to count (e.g. the benchmark's own PostgreSQL backend)
   */
  public record Group(String name, long rootPid, boolean withChildren, Set<Long> excludedChildren) {
    public Group {
      excludedChildren = Set.copyOf(excludedChildren);
    }

    /** A single process. */
    public static Group of(String name, long pid) {
      return new Group(name, pid, false, Set.of());
    }
  }

  /**
   * One group at one moment.
   *
   * @param root the root's stat, or {@code null} when it was gone
   * @param children live direct children by pid (excluded ones left out)
   */
  public record GroupSnapshot(ProcStat root, Map<Long, ProcStat> children) {}

  private final Path procRoot;
  private final long ticksPerSecond;
  private final List<Group> groups;

  /**
   * @param procRoot {@code /proc} (a directory of fake stat files in tests)
   * @param ticksPerSecond CLK_TCK
   * @param groups what to measure, in report order
   */
  public CpuSampler(Path procRoot, long ticksPerSecond, List<Group> groups) {
    this.procRoot = procRoot;
    this.ticksPerSecond = ticksPerSecond;
    this.groups = List.copyOf(groups);
  }

  public List<Group> groups() {
    return groups;
  }

  /** CLK_TCK from {@code getconf CLK_TCK}; 100 when it cannot be run. */
  public static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** Every group now, by name. */
  public Map<String, GroupSnapshot> snapshot() {
    Map<Long, List<ProcStat>> byParent = new HashMap<>();
    if (groups.stream().anyMatch(Group::withChildren)) {
      for (ProcStat s : all()) {
        byParent.computeIfAbsent(s.ppid(), k -> new java.util.ArrayList<>()).add(s);
      }
    }
    Map<String, GroupSnapshot> out = new LinkedHashMap<>();
    for (Group g : groups) {
      ProcStat root = ProcStat.read(procRoot, g.rootPid()).orElse(null);
      Map<Long, ProcStat> children = new HashMap<>();
      if (g.withChildren()) {
        for (ProcStat c : byParent.getOrDefault(g.rootPid(), List.of())) {
          if (!g.excludedChildren().contains(c.pid())) {
            children.put(c.pid(), c);
          }
        }
      }
      out.put(g.name(), new GroupSnapshot(root, children));
    }
    return out;
  }

  /** CPU milliseconds each group used between two snapshots of this sampler, by name. */
  public Map<String, Long> deltaMs(
      Map<String, GroupSnapshot> before, Map<String, GroupSnapshot> after) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Group g : groups) {
      long ticks = deltaTicks(before.get(g.name()), after.get(g.name()));
      out.put(g.name(), ticks * 1000 / ticksPerSecond);
    }
    return out;
  }

  /**
   * Ticks a group used from {@code before} to {@code after}: the root's own and reaped-children
   * growth, plus each live child's growth (all of it for a child born in between), minus what
   * children that exited in between had used before (their whole life is in the root's reaped
   * time). A root that died or was replaced counts 0 (unknown).
   */
  static long deltaTicks(GroupSnapshot before, GroupSnapshot after) {
    if (before == null
        || after == null
        || before.root() == null
        || after.root() == null
        || before.root().startTime() != after.root().startTime()) {
      return 0;
    }
    long ticks =
        after.root().ownTicks()
            - before.root().ownTicks()
            + after.root().reapedChildrenTicks()
            - before.root().reapedChildrenTicks();
    for (ProcStat child : after.children().values()) {
      ProcStat was = before.children().get(child.pid());
      ticks +=
          was != null && was.startTime() == child.startTime()
              ? child.ownTicks() - was.ownTicks()
              : child.ownTicks();
    }
    for (ProcStat was : before.children().values()) {
      ProcStat now = after.children().get(was.pid());
      if (now == null || now.startTime() != was.startTime()) {
        ticks -= was.ownTicks();
      }
    }
    return Math.max(0, ticks);
  }

  private List<ProcStat> all() {
    try (Stream<Path> dirs = Files.list(procRoot)) {
      return dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
          .map(d -> ProcStat.read(procRoot, Long.parseLong(d.getFileName().toString())))
          .flatMap(Optional::stream)
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
