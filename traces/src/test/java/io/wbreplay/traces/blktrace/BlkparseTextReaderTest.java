package io.wbreplay.traces.blktrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.CountingReader;
import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlkparseTextReaderTest {
    private static final int SDA = IoRecord.device(8, 0);
    private static final int S = IoRecord.SYNC;

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(BlkparseTextReaderTest.class.getResource("/blktrace/" + name).toURI());
    }

    private Path text(String content) throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static List<IoRecord> readAll(TraceReader in) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        IoRecord r = new IoRecord();
        while (in.next(r)) {
            out.add(r.copy());
        }
        return out;
    }

    private static IoRecord rec(EventKind kind, long t, int device, int cpu, int pid, long sector, long bytes,
            Operation op, int flags, int error) {
        IoRecord r = new IoRecord();
        r.kind = kind;
        r.timeNs = t;
        r.device = device;
        r.cpu = cpu;
        r.pid = pid;
        r.sector = sector;
        r.bytes = bytes;
        r.op = op;
        r.flags = flags;
        r.error = error;
        return r;
    }

    @Test
    void readsEveryActionOfTheDefaultFormat() throws Exception {
        // expectations written by hand from each line of all-actions.txt
        List<IoRecord> want = List.of(
                rec(EventKind.QUEUE, 9_507_758, SDA, 3, 697, 1165920, 4096, Operation.WRITE, S, 0),
                rec(EventKind.GETRQ, 9_508_000, SDA, 3, 697, 1165920, 4096, Operation.WRITE, S, 0),
                rec(EventKind.PLUG, 9_508_100, SDA, 3, 697, 0, 0, Operation.READ, 0, 0),
                rec(EventKind.INSERT, 9_508_200, SDA, 3, 697, 1165920, 4096, Operation.WRITE, S, 0),
                rec(EventKind.UNPLUG, 9_508_300, SDA, 3, 697, 0, 0, Operation.READ, 0, 0),
                rec(EventKind.UNPLUG_TIMER, 9_600_000, SDA, 0, 0, 0, 0, Operation.READ, 0, 0),
                rec(EventKind.ISSUE, 9_508_400, SDA, 3, 697, 1165920, 4096, Operation.WRITE, S, 0),
                rec(EventKind.COMPLETE, 9_700_000, SDA, 3, 0, 1165920, 4096, Operation.WRITE, S, 0),
                rec(EventKind.BACKMERGE, 1_000_000_005L, SDA, 1, 412, 200, 4096, Operation.WRITE, 0, 0),
                rec(EventKind.FRONTMERGE, 1_000_000_006L, SDA, 1, 412, 192, 4096, Operation.WRITE, IoRecord.FUA | S, 0),
                rec(EventKind.SLEEPRQ, 2_000_000_000L, SDA, 2, 1500, 500, 8192, Operation.READ, 0, 0),
                rec(EventKind.SPLIT, 2_000_000_010L, SDA, 2, 2000, 1000, 0, Operation.WRITE, 0, 0),
                rec(EventKind.BOUNCE, 2_000_000_020L, SDA, 2, 1500, 300, 4096, Operation.READ, 0, 0),
                rec(EventKind.REMAP, 3_000_000_000L, IoRecord.device(259, 0), 1, 21279, 2348060440L, 4096, Operation.READ, IoRecord.READAHEAD, 0),
                rec(EventKind.REQUEUE, 3_000_000_100L, SDA, 2, 0, 4000, 4096, Operation.WRITE, 0, 0),
                rec(EventKind.ISSUE, 4_000_000_000L, SDA, 0, 250, 0, 0, Operation.FLUSH, 0, 0),
                rec(EventKind.QUEUE, 4_000_000_100L, SDA, 0, 3100, 4096, 1 << 20, Operation.DISCARD, S, 0),
                rec(EventKind.QUEUE, 4_000_000_200L, SDA, 0, 412, 64, 512, Operation.WRITE,
                        IoRecord.PREFLUSH | IoRecord.FUA | S | IoRecord.META, 0),
                rec(EventKind.COMPLETE, 4_000_000_300L, SDA, 0, 0, 128, 1024, Operation.READ, IoRecord.META, 5),
                rec(EventKind.COMPLETE, 4_000_000_400L, SDA, 0, 0, 4000, 4096, Operation.WRITE, 0, 0),
                rec(EventKind.QUEUE, 4_000_000_500L, SDA, 0, 4321, 8, 4096, Operation.READ, 0, 0));
        try (TraceReader in = new BlkparseTextReader(resource("all-actions.txt"), ReadOptions.STRICT)) {
            List<IoRecord> got = readAll(in);
            assertThat(got).hasSize(want.size());
            for (int i = 0; i < want.size(); i++) {
                assertThat(got.get(i)).as("record %d", i).isEqualTo(want.get(i));
            }
            assertThat(in.ignored()).as("the message and two passthrough lines").isEqualTo(3);
            assertThat(in.skipped()).isZero();
            assertThat(in.processName(697)).isEqualTo("kworker/3:1H");
            assertThat(in.processName(0)).isEqualTo("swapper/0");
            assertThat(in.processName(412)).isEqualTo("jbd2/sda1-8");
            assertThat(in.processName(4321)).isEqualTo("Web Content");
            assertThat(in.processName(21279)).isNull();
            assertThat(in.processName(3000)).as("passthrough lines are not read").isNull();
            assertThat(in.namesProcesses()).as("so a replay reads it in its own thread").isTrue();
            assertThat(new CountingReader(in, new AtomicLong()).namesProcesses()).isTrue();
        }
    }

    @Test
    void detectsItsFormatAndNotTheOthers() throws Exception {
        assertThat(TraceFormats.detect(resource("all-actions.txt")).name()).isEqualTo("blkparse");
        Path csv = text("Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime\n128166372003061629,hm,1,Read,383496192,32768,1206\n");
        assertThat(new BlkparseTextFormat().sniff(csv, Files.readAllBytes(csv), (int) Files.size(csv))).isFalse();
        byte[] sample = Files.readAllBytes(Tools.publicSample());
        assertThat(new BlkparseTextFormat().sniff(csv, sample, sample.length)).isFalse();
        byte[] txt = Files.readAllBytes(resource("all-actions.txt"));
        assertThat(new BlktraceFormat().sniff(csv, txt, txt.length)).isFalse();
    }

    @Test
    void malformedLineNamesItsLineStrictAndIsCountedLenient() throws IOException {
        Path f = text("  8,0    3       11     0.009507758   697  Q  WS 1165920 + 8 [x]\n"
                + "this is not blkparse output\n"
                + "  8,0    3       12     0.009507759   697  Q  XW 1165928 + 8 [x]\n"
                + "  8,0    3       13     0.0095077   697  Q  W 1165928 + 8 [x]\n"
                + "  8,0    3       14     0.009507760   697  Q  W 1165936 + 8 [x]\n");
        assertThatThrownBy(() -> readAll(new BlkparseTextReader(f, ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("t.txt: line 2")
                .hasMessageContaining("this is not blkparse output");
        try (TraceReader in = new BlkparseTextReader(f, ReadOptions.LENIENT)) {
            assertThat(readAll(in)).extracting(r -> r.sector).containsExactly(1165920L, 1165936L);
            assertThat(in.skipped()).isEqualTo(3);
            assertThat(in.skippedSummary()).contains("skipped 3").contains("line 2");
        }
    }

    @Test
    void badRwbsAndShortNanosecondsAreReported() throws IOException {
        Path rwbs = text("  8,0    3       12     0.009507759   697  Q  XW 1165928 + 8 [x]\n");
        assertThatThrownBy(() -> readAll(new BlkparseTextReader(rwbs, ReadOptions.STRICT)))
                .hasMessageContaining("line 1").hasMessageContaining("bad RWBS 'XW'");
        Path nanos = text("  8,0    3       13     0.0095077   697  Q  W 1165928 + 8 [x]\n");
        assertThatThrownBy(() -> readAll(new BlkparseTextReader(nanos, ReadOptions.STRICT)))
                .hasMessageContaining("line 1").hasMessageContaining("9 digits of nanoseconds");
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path f = text("");
        assertThatThrownBy(() -> readAll(new BlkparseTextReader(f, ReadOptions.LENIENT)))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("line 1").hasMessageContaining("empty");
    }
}
