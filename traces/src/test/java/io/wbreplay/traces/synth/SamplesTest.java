package io.wbreplay.traces.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.TraceWriter;
import io.wbreplay.traces.stats.TraceStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic samples in traces/samples are what their README's commands produce, byte for byte. */
class SamplesTest {
    private static final Path SAMPLES = Path.of("samples");

    @TempDir
    Path dir;

    private Path generate(Workload w, SynthOptions o) throws IOException {
        Path out = dir.resolve(w.workloadName() + ".csv");
        try (TraceReader in = w.open(o); TraceWriter csv = TraceFormats.byName("wbreplay-csv").create(out)) {
            IoRecord r = new IoRecord();
            int named = 0;
            while (in.next(r)) {
                while (r.file >= named) {
                    csv.fileName(named, in.fileName(named));
                    named++;
                }
                csv.write(r);
            }
        }
        return out;
    }

    @Test
    void seqWrite() throws IOException {
        SynthOptions o = new SynthOptions();
        o.fileSize = 2 << 20;
        assertSame(generate(Workload.SEQ_WRITE, o), "synth-seq-write.csv");
    }

    @Test
    void randWrite() throws IOException {
        SynthOptions o = new SynthOptions();
        o.count = 1500;
        o.fileSize = 16 << 20;
        assertSame(generate(Workload.RAND_WRITE, o), "synth-rand-write.csv");
    }

    @Test
    void streams() throws IOException {
        SynthOptions o = new SynthOptions();
        o.streams = 4;
        o.fileSize = 32 << 20;
        o.blockSize = 64 << 10;
        o.thinkTimeNs = 100_000;
        assertSame(generate(Workload.STREAMS, o), "synth-streams.csv");
    }

    @Test
    void randWrite16k() throws IOException {
        SynthOptions o = new SynthOptions();
        o.count = 6000;
        o.blockSize = 16 << 10;
        o.fileSize = 128 << 20;
        o.thinkTimeNs = 50_000;
        assertSame(generate(Workload.RAND_WRITE, o), "synth-rand-write-16k.csv");
    }

    @Test
    void smallFiles10m() throws IOException {
        SynthOptions o = new SynthOptions();
        o.fileSize = 10 << 20;
        o.files = 100;
        o.liveFiles = 100_000;
        o.blockSize = 64 << 10;
        assertSame(generate(Workload.SMALL_FILES, o), "synth-small-files-10m.csv");
    }

    @Test
    void randWrite64k() throws IOException {
        SynthOptions o = new SynthOptions();
        o.count = 20_000;
        o.blockSize = 64 << 10;
        o.fileSize = 1L << 30;
        assertSame(generate(Workload.RAND_WRITE, o), "synth-rand-write-64k.csv");
    }

    @Test
    void reclaimHazards() throws IOException {
        SynthOptions o = new SynthOptions();
        o.count = 6000;
        o.blockSize = 16 << 10;
        o.streams = 8;
        o.thinkTimeNs = 5_000;
        assertSame(generate(Workload.RECLAIM_HAZARDS, o), "synth-reclaim-hazards.csv");
    }

    @Test
    void memoryHog() throws IOException {
        Path out = dir.resolve("hog.csv");
        MemoryHogSchedule.growing(512L << 20, 1_000_000_000L, 20).write(out);
        assertSame(out, "memory-hog-512m-1s.csv");
        assertThat(MemoryHogSchedule.read(SAMPLES.resolve("memory-hog-512m-1s.csv")).pinnedAt(1_000_000_000L)).isEqualTo(512L << 20);
        Path small = dir.resolve("hog24.csv");
        MemoryHogSchedule.growing(24L << 20, 20_000_000L, 10).write(small);
        assertSame(small, "memory-hog-24m-20ms.csv");
        // 10 equal steps of 2.4 MiB, one every 2 ms: 12 MiB pinned at 10 ms, all 24 MiB from 20 ms on
        assertThat(MemoryHogSchedule.read(SAMPLES.resolve("memory-hog-24m-20ms.csv")).pinnedAt(10_000_000L)).isEqualTo(12L << 20);
    }

    @Test
    void samplesReadBackWithTheirDocumentedCounts() throws IOException {
        try (TraceReader in = TraceFormats.open(SAMPLES.resolve("synth-reclaim-hazards.csv"), null, ReadOptions.STRICT)) {
            TraceStats s = TraceStats.read(in);
            assertThat(s.records()).isEqualTo(6755);
        }
    }

    private static void assertSame(Path generated, String sample) throws IOException {
        assertThat(Files.readString(generated)).as(sample).isEqualTo(Files.readString(SAMPLES.resolve(sample)));
    }
}
