package io.wbreplay.bench;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.blktrace.BlktraceFormat;
import io.wbreplay.traces.blktrace.BlktraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a blktrace binary file of {@code events} events (Q, G, I, D, C per I/O, as a real trace
 * has) end to end, one whole file per operation. Compare with {@code blkparse -i NAME -o /dev/null} on
 * the file that {@code -p keep=true} leaves in the working directory.
 *
 * <p>Run: {@code java -jar benchmarks/target/wbreplay.jar jmh BlktraceReaderBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class BlktraceReaderBenchmark {
    @Param({"2000000"})
    int events;

    /** Keep the generated file (as ./bench-blktrace.blktrace.0) to time blkparse on it. */
    @Param({"false"})
    boolean keep;

    private Path dir;
    private Path trace;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = keep ? Path.of(".") : Files.createTempDirectory("wbreplay-bench");
        trace = dir.resolve("bench-blktrace");
        BlktraceWriter w = new BlktraceWriter(trace);
        SplittableRandom random = new SplittableRandom(7);
        EventKind[] stages = {EventKind.QUEUE, EventKind.GETRQ, EventKind.INSERT, EventKind.ISSUE, EventKind.COMPLETE};
        long time = 0;
        for (int i = 0; i < events / stages.length; i++) {
            long sector = random.nextLong(1L << 30) & ~7L;
            Operation op = random.nextInt(4) == 0 ? Operation.READ : Operation.WRITE;
            for (EventKind kind : stages) {
                time += 1 + random.nextInt(20_000);
                w.write(time, kind, op, 0, 1000 + (i & 7), 0, IoRecord.device(8, 0), sector, 4096 << random.nextInt(5), 0);
            }
        }
        w.close();
    }

    @Benchmark
    public long readAll() throws IOException {
        IoRecord r = new IoRecord();
        long sum = 0;
        try (TraceReader in = new BlktraceFormat().open(trace, ReadOptions.STRICT)) {
            while (in.next(r)) {
                sum += r.sector;
            }
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        if (!keep) {
            Files.deleteIfExists(dir.resolve("bench-blktrace.blktrace.0"));
            Files.deleteIfExists(dir);
        }
    }
}
