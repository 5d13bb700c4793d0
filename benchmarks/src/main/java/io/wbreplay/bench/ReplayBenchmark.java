package io.wbreplay.bench;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.driver.RunResult;
import io.wbreplay.replay.metrics.RunMetrics;
import io.wbreplay.replay.sim.StallCause;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole replay: {@code records} data operations of a synthetic {@code workload} (generated while
 * replayed) on a machine with {@code memoryMib} of memory, one 7200 rpm disk and the deadline
 * scheduler, reclaiming with {@code strategy}. The score is replays per second; the secondary
 * results say how fast the simulator went ({@code records}, per second) and what the strategy did
 * (simulated metrics of the run, the same every time for a seed).
 *
 * <p>{@code memoryMib} 1024 with the default 64 MiB file is the plain replay target (everything fits);
 * 64 MiB of memory for the same file is memory pressure (reclaim runs, the flusher and throttling
 * keep up with a disk doing random 4 KiB writes).
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

    @Param({"5000000"})
    long records;

    @Param({"1024", "64"})
    long memoryMib;

    @Param({"64"})
    long fileMib;

    /**
     * What the last replay did, as JMH secondary results: {@code records} is a rate (records replayed
     * per second of wall time); the others are the simulated metrics of the run.
     */
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
        /** Hazards seen; today the one the kernel counts: an iput_final() run outside the file's writer. */
        public long hazards;
        /** Simulated seconds the replay lasted. */
        public double simulatedSeconds;
    }

    /** Records replayed, as a rate: records per second of wall time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        public long records;
    }

    @Benchmark
    public RunResult replay(Simulated sim, Throughput speed) throws IOException {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = memoryMib << 20;
        c.strategy = strategy;
        RunResult r = ReplayRig.replay(workload, records, fileMib << 20, c);
        RunMetrics m = r.metrics();
        speed.records += r.records();
        sim.meanIoBytes = m.writeDispatches() == 0 ? 0 : (double) m.writeBytes() / m.writeDispatches();
        sim.d2dSeekMean = m.d2d().mean();
        sim.stallP99Ms = m.stallAll.getValueAtPercentile(99) / 1e6;
        sim.directReclaimStalls = m.stalls(StallCause.DIRECT_RECLAIM).getTotalCount();
        sim.hazards = r.kernel().iputFinalOutsideWriter();
        sim.simulatedSeconds = r.simulatedNs() / 1e9;
        return r;
    }
}
