package io.wbreplay.traces.blktrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.formats.TraceFormats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes records, then checks that the real blkparse prints each one back and that btt accepts the dump. */
class BlktraceWriterTest {
    private static final int SDB = IoRecord.device(8, 16);
    private static final long T0 = 1_000_000;

    @TempDir
    Path dir;

    /** One written event and how blkparse must print it (RWBS and tail derived by hand from blkparse_fmt.c). */
    record Expected(IoRecord record, String rwbs, String tail) {
    }

    private static Expected event(long t, EventKind kind, Operation op, int flags, int pid, int cpu, long sector,
            long bytes, int error, String rwbs, String tail) {
        IoRecord r = new IoRecord();
        r.timeNs = t;
        r.kind = kind;
        r.op = op;
        r.flags = flags;
        r.pid = pid;
        r.cpu = cpu;
        r.device = SDB;
        r.sector = sector;
        r.bytes = bytes;
        r.error = error;
        return new Expected(r, rwbs, tail);
    }

    private static List<Expected> events() {
        int s = IoRecord.SYNC;
        List<Expected> e = new ArrayList<>();
        // a sync write by fio (pid 1234), queued, merged into, and completed on CPU 0
        e.add(event(T0, EventKind.QUEUE, Operation.WRITE, s, 1234, 0, 1000, 4096, 0, "WS", "1000 + 8 [fio]"));
        e.add(event(T0 + 10, EventKind.GETRQ, Operation.WRITE, s, 1234, 0, 1000, 4096, 0, "WS", "1000 + 8 [fio]"));
        e.add(event(T0 + 20, EventKind.BACKMERGE, Operation.WRITE, s, 1234, 0, 1008, 4096, 0, "WS", "1008 + 8 [fio]"));
        e.add(event(T0 + 25, EventKind.FRONTMERGE, Operation.WRITE, s, 1234, 0, 992, 4096, 0, "WS", "992 + 8 [fio]"));
        e.add(event(T0 + 30, EventKind.INSERT, Operation.WRITE, s, 1234, 0, 992, 12288, 0, "WS", "992 + 24 [fio]"));
        // a readahead read by an unnamed pid on CPU 1: the default name
        e.add(event(T0 + 35, EventKind.QUEUE, Operation.READ, IoRecord.READAHEAD, 77, 1, 5_000_000_000L, 131072, 0, "RA", "5000000000 + 256 [wbreplay]"));
        e.add(event(T0 + 40, EventKind.ISSUE, Operation.WRITE, s, 1234, 0, 992, 12288, 0, "WS", "992 + 24 [fio]"));
        e.add(event(T0 + 50, EventKind.ISSUE, Operation.READ, IoRecord.READAHEAD, 77, 1, 5_000_000_000L, 131072, 0, "RA", "5000000000 + 256 [wbreplay]"));
        e.add(event(T0 + 1_500_000_123L, EventKind.COMPLETE, Operation.WRITE, s, 0, 0, 992, 12288, 0, "WS", "992 + 24 [0]"));
        // a discard, a cache flush (no data), a preflush+FUA sync write, a metadata read failing with EIO (5)
        e.add(event(T0 + 1_600_000_000L, EventKind.QUEUE, Operation.DISCARD, 0, 1234, 0, 4096, 1 << 20, 0, "D", "4096 + 2048 [fio]"));
        e.add(event(T0 + 1_600_000_100L, EventKind.ISSUE, Operation.FLUSH, 0, 1234, 0, 0, 0, 0, "FN", "[fio]"));
        e.add(event(T0 + 1_600_000_200L, EventKind.QUEUE, Operation.WRITE, s | IoRecord.PREFLUSH | IoRecord.FUA, 1234, 0, 64, 512, 0, "FWFS", "64 + 1 [fio]"));
        e.add(event(T0 + 1_600_000_300L, EventKind.QUEUE, Operation.READ, IoRecord.META, 1234, 0, 128, 1024, 0, "RM", "128 + 2 [fio]"));
        e.add(event(T0 + 1_700_000_000L, EventKind.COMPLETE, Operation.READ, IoRecord.META, 0, 0, 128, 1024, 5, "RM", "128 + 2 [5]"));
        e.add(event(T0 + 2_000_000_000L, EventKind.COMPLETE, Operation.READ, IoRecord.READAHEAD, 0, 1, 5_000_000_000L, 131072, 0, "RA", "5000000000 + 256 [0]"));
        return e;
    }

    private Path writeEvents(List<Expected> events) throws Exception {
        Path name = dir.resolve("sim");
        try (BlktraceWriter w = new BlktraceWriter(name)) {
            w.processName(1234, "fio");
            for (Expected e : events) {
                w.write(e.record());
            }
        }
        return name;
    }

    @Test
    void blkparsePrintsEveryEventBack() throws Exception {
        List<Expected> events = events();
        Path name = writeEvents(events);
        assertThat(name.resolveSibling("sim.blktrace.0")).exists();
        assertThat(name.resolveSibling("sim.blktrace.1")).exists();
        Path txt = dir.resolve("sim.txt");
        Tools.run(dir, null, txt, "blkparse", "-i", "sim");

        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(txt, StandardCharsets.UTF_8)) {
            if (line.startsWith("  8,16 ")) {
                lines.add(line);
            }
        }
        assertThat(lines).hasSize(events.size());
        int[] sequence = new int[2];
        for (int i = 0; i < events.size(); i++) {
            IoRecord r = events.get(i).record();
            String[] f = lines.get(i).trim().split("\\s+", 8);
            long rel = r.timeNs - T0;
            assertThat(f[0]).as("device, line %d", i).isEqualTo("8,16");
            assertThat(f[1]).as("cpu").isEqualTo(Integer.toString(r.cpu));
            assertThat(f[2]).as("sequence").isEqualTo(Integer.toString(++sequence[r.cpu]));
            assertThat(f[3]).as("time").isEqualTo(String.format("%d.%09d", rel / 1_000_000_000L, rel % 1_000_000_000L));
            assertThat(f[4]).as("pid").isEqualTo(Integer.toString(r.pid));
            assertThat(f[5]).as("action").isEqualTo(String.valueOf(r.kind.letter()));
            assertThat(f[6]).as("rwbs, line %d", i).isEqualTo(events.get(i).rwbs());
            assertThat(f[7]).as("tail, line %d", i).isEqualTo(events.get(i).tail());
        }

        // and the text reader reads blkparse's text of it back to the written records
        try (BlkparseTextReader in = new BlkparseTextReader(txt, ReadOptions.STRICT)) {
            IoRecord r = new IoRecord();
            for (Expected e : events) {
                assertThat(in.next(r)).isTrue();
                IoRecord want = e.record().copy();
                want.timeNs -= T0;
                assertThat(r).isEqualTo(want);
            }
            assertThat(in.next(r)).isFalse();
            assertThat(in.processName(77)).isEqualTo("wbreplay");
        }
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        List<Expected> events = events();
        Path name = writeEvents(events);
        try (BlktraceReader in = new BlktraceReader(name, ReadOptions.STRICT)) {
            IoRecord r = new IoRecord();
            for (Expected e : events) {
                assertThat(in.next(r)).isTrue();
                IoRecord want = e.record().copy();
                want.timeNs -= T0;
                assertThat(r).isEqualTo(want);
            }
            assertThat(in.next(r)).isFalse();
            assertThat(in.processName(1234)).isEqualTo("fio");
            assertThat(in.processName(77)).isEqualTo("wbreplay");
            assertThat(in.ignored()).as("one PROCESS note per pid: 1234, 77, 0").isEqualTo(3);
        }
    }

    @Test
    void blkparseDumpIsReadableByBttAndByTheReader() throws Exception {
        List<Expected> events = events();
        writeEvents(events);
        Tools.run(dir, null, dir.resolve("parse.txt"), "blkparse", "-i", "sim", "-d", "sim.bin", "-O");
        Path bttOut = dir.resolve("btt.txt");
        Tools.run(dir, null, bttOut, "btt", "-i", "sim.bin");
        String btt = Files.readString(bttOut, StandardCharsets.UTF_8);
        // 3 I/Os go from queue to completion: the write at 992 (via its merges' request), the read, the meta read
        assertThat(btt).contains("==================== All Devices ====================");
        assertThat(btt.lines().filter(l -> l.startsWith("Q2C")).findFirst()).hasValueSatisfying(
                l -> assertThat(l.trim().split("\\s+")[4]).isEqualTo("3"));

        // the dump is one merged stream; TraceFormats detects it as blktrace and reads every event back
        try (var in = TraceFormats.open(dir.resolve("sim.bin"), null, ReadOptions.STRICT)) {
            IoRecord r = new IoRecord();
            int n = 0;
            while (in.next(r)) {
                IoRecord want = events.get(n++).record().copy();
                want.timeNs -= T0;
                assertThat(r).isEqualTo(want);
            }
            assertThat(n).isEqualTo(events.size());
        }
    }

    @Test
    void refusesEventsWhosePayloadTheRecordLacks() throws Exception {
        try (BlktraceWriter w = new BlktraceWriter(dir.resolve("x"))) {
            assertThatThrownBy(() -> w.write(0, EventKind.UNPLUG, Operation.READ, 0, 1, 0, SDB, 0, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNPLUG");
            w.write(100, EventKind.QUEUE, Operation.READ, 0, 1, 0, SDB, 8, 512, 0);
            assertThatThrownBy(() -> w.write(50, EventKind.QUEUE, Operation.READ, 0, 1, 0, SDB, 8, 512, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backwards");
        }
    }

    @Test
    void recordsWithoutABlktraceFormAreLeftOutAndCounted() throws Exception {
        Path name = dir.resolve("o");
        try (BlktraceWriter w = new BlktraceWriter(name)) {
            IoRecord r = new IoRecord();
            r.device = SDB;
            for (EventKind kind : List.of(EventKind.QUEUE, EventKind.SPLIT, EventKind.UNPLUG, EventKind.REMAP, EventKind.ISSUE)) {
                r.kind = kind;
                r.timeNs += 10;
                w.write(r);
            }
            assertThat(w.omitted()).isEqualTo(3);
        }
        try (BlktraceReader in = new BlktraceReader(name, ReadOptions.STRICT)) {
            IoRecord r = new IoRecord();
            List<EventKind> kinds = new ArrayList<>();
            while (in.next(r)) {
                kinds.add(r.kind);
            }
            assertThat(kinds).containsExactly(EventKind.QUEUE, EventKind.ISSUE);
        }
    }

    @Test
    void nothingAppearsUntilClosedAndAbandonLeavesNoFile() throws Exception {
        Path name = dir.resolve("gone");
        BlktraceWriter w = new BlktraceWriter(name);
        w.write(0, EventKind.QUEUE, Operation.WRITE, 0, 1, 0, SDB, 8, 4096, 0);
        assertThat(name.resolveSibling("gone.blktrace.0")).doesNotExist();
        w.abandon();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void staleHigherCpuFilesOfAnEarlierTraceAreRemoved() throws Exception {
        Path name = dir.resolve("t");
        Files.write(name.resolveSibling("t.blktrace.1"), new byte[] {1, 2, 3});
        Files.write(name.resolveSibling("t.blktrace.2"), new byte[] {1, 2, 3});
        Files.write(name.resolveSibling("t.blktrace.5"), new byte[] {1, 2, 3}); // past a gap: readers would merge it
        Files.write(name.resolveSibling("t.blktrace.x"), new byte[] {1, 2, 3}); // not a CPU file: kept
        try (BlktraceWriter w = new BlktraceWriter(name.resolveSibling("t.blktrace.0"))) {
            w.write(0, EventKind.QUEUE, Operation.WRITE, 0, 1, 0, SDB, 8, 4096, 0);
        }
        assertThat(name.resolveSibling("t.blktrace.0")).exists();
        assertThat(name.resolveSibling("t.blktrace.1")).doesNotExist();
        assertThat(name.resolveSibling("t.blktrace.2")).doesNotExist();
        assertThat(name.resolveSibling("t.blktrace.5")).doesNotExist();
        assertThat(name.resolveSibling("t.blktrace.x")).exists();
    }

    @Test
    void manyBuffersOnTwoCpusReadBackInOrderAndAbandonMidwayLeavesNoFile() throws Exception {
        // 300,000 events of 48 bytes: about 110 full 64 KiB buffers per CPU, handed to the writing thread
        Path name = dir.resolve("big");
        int n = 300_000;
        try (BlktraceWriter w = new BlktraceWriter(name)) {
            for (int i = 0; i < n; i++) {
                w.write(T0 + i, i % 3 == 0 ? EventKind.QUEUE : EventKind.COMPLETE, Operation.WRITE, 0, 1234, i % 2, SDB,
                        8L * i, 4096, 0);
            }
        }
        try (BlktraceReader in = new BlktraceReader(name, ReadOptions.STRICT)) {
            IoRecord r = new IoRecord();
            for (int i = 0; i < n; i++) {
                assertThat(in.next(r)).isTrue();
                assertThat(r.timeNs).isEqualTo(i);
                assertThat(r.cpu).isEqualTo(i % 2);
                assertThat(r.sector).isEqualTo(8L * i);
            }
            assertThat(in.next(r)).isFalse();
        }

        Path gone = dir.resolve("half");
        BlktraceWriter w = new BlktraceWriter(gone);
        for (int i = 0; i < n; i++) {
            w.write(T0 + i, EventKind.QUEUE, Operation.WRITE, 0, 1234, 0, SDB, 8L * i, 4096, 0);
        }
        w.abandon();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains("half"));
        }
    }
}
