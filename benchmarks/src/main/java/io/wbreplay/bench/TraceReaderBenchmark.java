package io.wbreplay.bench;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.TraceWriter;
import io.wbreplay.traces.synth.SynthOptions;
import io.wbreplay.traces.synth.Workload;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a whole trace file of {@code records} records in one of the text formats, one file per
 * operation. The secondary results {@code records} and {@code bytes} are the reading rate per second.
 * The sector-level formats (blkparse text, MSR, SPC) hold random 4-256 KiB reads and writes; the
 * file-level ones (fio iolog, wbreplay CSV) hold the {@code mixed} synthetic workload written by the
 * format's own writer. blktrace binary and tracefs text have their own benchmarks
 * ({@link BlktraceReaderBenchmark}, {@link TracepointReaderBenchmark}).
 *
 * <p>Run: {@code java -jar benchmarks/target/wbreplay.jar jmh TraceReaderBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TraceReaderBenchmark {
    @Param({"blkparse", "fio-iolog", "wbreplay-csv", "msr", "spc"})
    String format;

    @Param({"2000000"})
    int records;

    private Path file;
    private long fileBytes;

    /** Records and bytes read, as rates per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Read {
        public long records;
        public long bytes;
    }

    @Setup(Level.Trial)
    public void write() throws IOException {
        file = Files.createTempFile("wbreplay-bench", "." + format);
        switch (format) {
            case "fio-iolog", "wbreplay-csv" -> writeWorkload();
            default -> writeSectorText();
        }
        fileBytes = Files.size(file);
    }

    /** The mixed workload through the format's writer. */
    private void writeWorkload() throws IOException {
        SynthOptions o = new SynthOptions();
        o.count = records - 3; // plus open, fsync and close
        o.fileSize = 1L << 30;
        IoRecord r = new IoRecord();
        TraceWriter w = TraceFormats.byName(format).create(file);
        try (TraceReader in = Workload.MIXED.open(o)) {
            while (in.next(r)) {
                w.write(r);
            }
        }
        w.close();
    }

    /** Random reads and writes as the format's lines. */
    private void writeSectorText() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder line = new StringBuilder(96);
        long timeNs = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < records; i++) {
                timeNs += random.nextInt(100_000);
                long sector = random.nextLong(1L << 31) & ~7L;
                int bytes = 4096 << random.nextInt(7);
                boolean write = random.nextInt(3) != 0;
                line.setLength(0);
                switch (format) {
                    // blkparse's default output: dev cpu seq time pid action rwbs sector + sectors [command]
                    case "blkparse" -> line.append("  8,0    ").append(i & 1).append(' ').append(i + 1).append("     ")
                            .append(timeNs / 1_000_000_000L).append('.').append(String.format(Locale.ROOT, "%09d", timeNs % 1_000_000_000L))
                            .append("  ").append(1000 + (i & 15)).append("  Q  ").append(write ? "WS " : "R ")
                            .append(sector).append(" + ").append(bytes >> 9).append(" [fio]");
                    // Timestamp (100 ns since 1601), Hostname, DiskNumber, Type, Offset, Size, ResponseTime
                    case "msr" -> line.append(128166372000000000L + timeNs / 100).append(",hm,0,").append(write ? "Write" : "Read")
                            .append(',').append(sector * 512).append(',').append(bytes).append(',').append(1000 + (i & 4095));
                    // ASU, LBA (512-byte blocks), Size, Opcode, Timestamp (seconds)
                    case "spc" -> line.append(i & 1).append(',').append(sector).append(',').append(bytes).append(',')
                            .append(write ? 'w' : 'r').append(',').append(String.format(Locale.ROOT, "%.6f", timeNs / 1e9));
                    default -> throw new IllegalArgumentException("no generator for format " + format);
                }
                w.append(line).append('\n');
            }
        }
    }

    @Benchmark
    public long readAll(Read read) throws IOException {
        IoRecord r = new IoRecord();
        long sum = 0;
        long n = 0;
        try (TraceReader in = TraceFormats.byName(format).open(file, ReadOptions.STRICT)) {
            while (in.next(r)) {
                sum += r.sector + r.offset;
                n++;
            }
        }
        read.records += n;
        read.bytes += fileBytes;
        return sum;
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
