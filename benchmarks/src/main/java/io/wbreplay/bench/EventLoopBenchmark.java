package io.wbreplay.bench;

import io.wbreplay.replay.sim.Event;
import io.wbreplay.replay.sim.EventLoop;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The virtual clock under a steady load: {@code pending} events wait in the heap and every fired event
 * schedules one more a random delay later, as devices and tasks do during a replay. One operation is
 * one event fired and one scheduled.
 *
 * <p>Run: {@code java -jar benchmarks/target/wbreplay.jar jmh EventLoopBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EventLoopBenchmark {
    static final int BATCH = 100_000;

    @Param({"64", "65536"})
    int pending;

    private EventLoop loop;
    private SplittableRandom random;
    private Event reschedule;

    @Setup(Level.Iteration)
    public void setUp() {
        loop = new EventLoop();
        random = new SplittableRandom(42);
        // one reusable event object, as the simulator's tasks and devices are: no allocation per event
        reschedule = now -> loop.at(now + 1 + random.nextInt(10_000_000), this.reschedule);
        for (int i = 0; i < pending; i++) {
            loop.at(random.nextInt(10_000_000), reschedule);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long fireAndReschedule() {
        for (int i = 0; i < BATCH; i++) {
            loop.runNext();
        }
        return loop.now();
    }
}
