package io.paystream.simulator.bench;

import java.util.List;
import java.util.Map;

/**
 * {@code .run/bench/fleet-bench.json}.
 *
 * @param startedAt when the benchmark started (ISO instant)
 * @param finishedAt when it finished
 * @param quick {@code make bench QUICK=1}
 * @param settings the run's settings (ladder, step and warm-up seconds, terminals, cards, ...)
 * @param limits what a step must hold
 * @param steps every step in order, the soak last
 * @param bestOfferedPerSec the highest offered rate whose step met every limit, or {@code null}
 * @param stoppedEarly why the ladder ended before its last step, or {@code null}
 * @param anchors {@code kafka}, {@code pgbench}, {@code wrk} results and {@code ratios}; an anchor
 *     that failed is {@code {"error": "..."}}
 * @param notes anything else a reader should know (e.g. the machine's load)
 */
public record BenchReport(
    String startedAt,
    String finishedAt,
    boolean quick,
    Map<String, Object> settings,
    Limits limits,
    List<StepResult> steps,
    Double bestOfferedPerSec,
    String stoppedEarly,
    Map<String, Object> anchors,
    List<String> notes) {}
