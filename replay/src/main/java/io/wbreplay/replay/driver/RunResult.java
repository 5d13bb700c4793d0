package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.metrics.RunMetrics;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;

/**
 * The outcome of one replay: the metrics, the kernel (for its counters), the strategy (for its own
 * counters), how many records were
 * replayed, how long the run lasted in simulated time, when the last record's stream finished (-1 if
 * it never did) and how long after that the page cache took to be clean (-1 if it was not clean within
 * the drain limit), and the kernel's counters when the last record's stream finished (null if it never
 * did): what a recording's vmstat delta, taken when its workload exits, compares with.
 */
public record RunResult(RunMetrics metrics, Kernel kernel, ReclaimWritebackStrategy strategy, long records, long simulatedNs, long traceEndNs,
        long timeToCleanNs, long[] countersAtTraceEnd) {
}
