package io.wbreplay.bench;

import io.wbreplay.replay.driver.RunResult;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.metrics.RunMetrics;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A whole replay: {@code records} data operations of a synthetic {@code workload} (generated while it
 * is replayed) on one 7200 rpm disk behind the deadline scheduler, reclaiming with {@code strategy},
 * on the {@code memory} scenario ({@link ReplayScenario}: {@code fits}, everything in memory, or
 * {@code pressure}, a working set four times memory with a growing memory hog).
 *
 * <p>The score is replays per second. The secondary results say how fast the simulator went
 * ({@code records}: records replayed per second) and what the strategy did: the simulated metrics
 * of the run, the same for every replay of a seed. JMH sums such counters over the measurement
 * iterations, so they are reported by the last measurement iteration only (the others show 0).
 *
 * <p>Run: {@code java -jar benchmarks/target/wbreplay.jar jmh ReplayBenchmark}; {@link Benchmarks}
 * fills {@code strategy} with every registered reclaim strategy unless {@code -p strategy=...} names some.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ReplayBenchmark {
    @Param({"no-reclaim-writeback"})
    String strategy;

    @Param({"rand-write"})
    String workload;

    @Param({"fits", "pressure"})
    String memory;

    @Param({"5000000"})
    long records;

    /** What the run simulated (secondary results, reported by the last measurement iteration). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Simulated {
        /** Mean write dispatch size, bytes. */
        public double meanIoBytes;
        /** btt's D2D seek distance mean, sectors. */
        public double d2dSeekMean;
        /** 99th percentile of all stream stalls, milliseconds. */
        public double stallP99Ms;
        /** Stream stalls in direct reclaim. */
        public long directReclaimStalls;
        /** Pages written by reclaim itself (pageout), not by the flusher. */
        public long reclaimWrittenPages;
        /** Hazards seen; today the one the kernel counts: an iput_final() run outside the file's writer. */
        public long hazards;
        /** Simulated seconds the replay lasted. */
        public double simulatedSeconds;
        private int measured;
        private boolean report;

        @Setup(Level.Iteration)
        public void iteration(IterationParams iteration) {
            report = iteration.getType() == IterationType.MEASUREMENT && ++measured == iteration.getCount();
            meanIoBytes = 0;
            d2dSeekMean = 0;
            stallP99Ms = 0;
            directReclaimStalls = 0;
            reclaimWrittenPages = 0;
            hazards = 0;
            simulatedSeconds = 0;
        }

        void record(RunResult r) {
            if (!report) {
                return;
            }
            RunMetrics m = r.metrics();
            meanIoBytes = m.writeDispatches() == 0 ? 0 : (double) m.writeBytes() / m.writeDispatches();
            d2dSeekMean = m.d2d().mean();
            stallP99Ms = m.stallAll.getValueAtPercentile(99) / 1e6;
            directReclaimStalls = m.stalls(StallCause.DIRECT_RECLAIM).getTotalCount();
            reclaimWrittenPages = r.kernel().writtenBy(IoOrigin.RECLAIM);
            hazards = 0;
            for (HazardKind kind : HazardKind.values()) {
                hazards += r.kernel().hazards.count(kind);
            }
            simulatedSeconds = r.simulatedNs() / 1e9;
        }
    }

    /** Records replayed, as a rate: records per second of wall time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Speed {
        public long records;
    }

    @Benchmark
    public RunResult replay(Simulated simulated, Speed speed) throws IOException {
        ReplayScenario s = ReplayScenario.byName(memory);
        RunResult r = ReplayRig.replay(workload, records, s.fileBytes(), s.config(strategy));
        speed.records += r.records();
        simulated.record(r);
        return r;
    }
}
