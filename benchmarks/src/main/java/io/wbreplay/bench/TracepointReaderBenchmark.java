package io.wbreplay.bench;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.tracepoint.TracepointFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
 * Parsing tracefs block tracepoint text (the {@code trace}/{@code trace_pipe} layout of a 6.x kernel),
 * one whole file of {@code lines} lines per operation: lines per second = lines / score, the figure
 * of the target (at least 1 million lines per second on one core).
 *
 * <p>Run: {@code java -jar benchmarks/target/wbreplay.jar jmh TracepointReaderBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class TracepointReaderBenchmark {
    @Param({"1000000"})
    int lines;

    private Path file;

    @Setup(Level.Trial)
    public void write() throws IOException {
        file = Files.createTempFile("wbreplay-bench", ".trace");
        SplittableRandom random = new SplittableRandom(3);
        String[] events = {"block_bio_queue", "block_rq_insert", "block_rq_issue", "block_rq_complete"};
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("# tracer: nop\n#\n");
            double t = 1000.0;
            for (int i = 0; i < lines; i++) {
                long sector = random.nextLong(1L << 28) & ~7L;
                int sectors = 8 << random.nextInt(6);
                String e = events[i & 3];
                t += random.nextInt(50) / 1e6;
                String prefix = String.format(Locale.ROOT, "    kworker/u8:%d-%d     [%03d] ..... %.6f: ", i & 7, 100 + (i & 31), i & 1, t);
                String body = switch (e) {
                    case "block_bio_queue" -> "7,0 W " + sector + " + " + sectors + " [kworker/u8:1]";
                    case "block_rq_complete" -> "7,0 W () " + sector + " + " + sectors + " be,0,4 [0]";
                    default -> "7,0 W " + sectors * 512 + " () " + sector + " + " + sectors + " be,0,4 [kworker/u8:1]";
                };
                w.write(prefix + e + ": " + body + "\n");
            }
        }
    }

    @Benchmark
    public long parseAll() throws IOException {
        IoRecord r = new IoRecord();
        long sum = 0;
        try (TraceReader in = new TracepointFormat().open(file, ReadOptions.STRICT)) {
            while (in.next(r)) {
                sum += r.sector;
            }
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
