package io.wbreplay.traces.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FioIologFormatTest {
    /** fio's own regression fixture t/jobs/t0038.iolog (read in place, never copied). */
    static final Path T0038 = Path.of("/work/shared/traces-public/fio-iolog-v3/t0038.iolog");

    private final FioIologFormat format = new FioIologFormat();

    @TempDir
    Path dir;

    static List<IoRecord> readAll(TraceReader in) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        IoRecord r = new IoRecord();
        while (in.next(r)) {
            out.add(r.copy());
        }
        return out;
    }

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsThePublicVersion3Log() throws IOException {
        // By hand from the file: line 2 "30 /dev/null add" names the file; then open at 10731 us,
        // ten pairs "trim N*4096 2147483648" / "write N*4096 4096", close at 10892 us.
        try (TraceReader in = format.open(T0038, ReadOptions.STRICT)) {
            List<IoRecord> records = readAll(in);
            assertThat(records).hasSize(22);
            assertThat(in.ignored()).isEqualTo(1);
            assertThat(in.fileName(0)).isEqualTo("/dev/null");
            assertThat(in.fileName(1)).isNull();

            IoRecord open = records.get(0);
            assertThat(open.op).isEqualTo(Operation.OPEN);
            assertThat(open.timeNs).isEqualTo(10_731_000L);
            assertThat(open.kind).isEqualTo(EventKind.FILE_OP);
            assertThat(open.file).isEqualTo(0);

            IoRecord firstTrim = records.get(1);
            assertThat(firstTrim.op).isEqualTo(Operation.DISCARD);
            assertThat(firstTrim.timeNs).isEqualTo(10_736_000L);
            assertThat(firstTrim.offset).isZero();
            assertThat(firstTrim.bytes).isEqualTo(2_147_483_648L);

            IoRecord lastWrite = records.get(20);
            assertThat(lastWrite.op).isEqualTo(Operation.WRITE);
            assertThat(lastWrite.timeNs).isEqualTo(10_809_000L);
            assertThat(lastWrite.offset).isEqualTo(36_864L);
            assertThat(lastWrite.bytes).isEqualTo(4096L);

            assertThat(records.get(21).op).isEqualTo(Operation.CLOSE);
            assertThat(records.get(21).timeNs).isEqualTo(10_892_000L);
            assertThat(records.stream().filter(r -> r.op == Operation.WRITE).mapToLong(r -> r.bytes).sum())
                    .isEqualTo(10 * 4096L);
            assertThat(records.stream().filter(r -> r.op == Operation.DISCARD).count()).isEqualTo(10);
        }
    }

    @Test
    void detectsBothVersionsAndNothingElse() throws IOException {
        assertThat(TraceFormats.detect(T0038).name()).isEqualTo("fio-iolog");
        byte[] v2 = "fio version 2 iolog\n/a add\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(format.sniff(dir, v2, v2.length)).isTrue();
        byte[] v1 = "fio version 1 iolog\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(format.sniff(dir, v1, v1.length)).isFalse();
        byte[] csv = "time_ns,op\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(format.sniff(dir, csv, csv.length)).isFalse();
    }

    @Test
    void version2WaitsAdvanceTheClockInMicroseconds() throws IOException {
        Path log = file("v2.log", "fio version 2 iolog\n"
                + "/tmp/a add\n/tmp/b add\n/tmp/a open\n"
                + "/tmp/a write 0 4096\n"
                + "/tmp/a wait 1500 0\n"
                + "/tmp/b read 8192 512\n"
                + "/tmp/a wait 250 0\n"
                + "/tmp/a sync 0 0\n/tmp/b datasync 0 0\n/tmp/a trim 4096 4096\n/tmp/a close\n");
        try (TraceReader in = format.open(log, ReadOptions.STRICT)) {
            List<IoRecord> r = readAll(in);
            assertThat(r).extracting(x -> x.op).containsExactly(Operation.OPEN, Operation.WRITE, Operation.READ,
                    Operation.FSYNC, Operation.FSYNC, Operation.DISCARD, Operation.CLOSE);
            assertThat(r).extracting(x -> x.timeNs).containsExactly(0L, 0L, 1_500_000L, 1_750_000L, 1_750_000L,
                    1_750_000L, 1_750_000L);
            assertThat(r).extracting(x -> x.file).containsExactly(0, 0, 1, 0, 1, 0, 0);
            assertThat(r.get(2).offset).isEqualTo(8192);
            assertThat(r.get(2).bytes).isEqualTo(512);
            assertThat(in.fileName(1)).isEqualTo("/tmp/b");
            assertThat(in.ignored()).isEqualTo(4); // two adds, two waits
        }
    }

    @Test
    void writerRoundTripsThePublicLog() throws IOException {
        Path out = dir.resolve("copy.iolog");
        List<IoRecord> original;
        try (TraceReader in = format.open(T0038, ReadOptions.STRICT); TraceWriter w = format.create(out)) {
            original = readAll(in);
            w.fileName(0, in.fileName(0));
            for (IoRecord r : original) {
                w.write(r);
            }
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("fio version 3 iolog");
        assertThat(lines.get(1)).isEqualTo("10731 /dev/null add");
        assertThat(lines.get(2)).isEqualTo("10731 /dev/null open");
        assertThat(lines.get(3)).isEqualTo("10736 /dev/null trim 0 2147483648");
        assertThat(lines).hasSize(24);
        try (TraceReader back = format.open(out, ReadOptions.STRICT)) {
            assertThat(readAll(back)).isEqualTo(original);
            assertThat(back.fileName(0)).isEqualTo("/dev/null");
        }
    }

    @Test
    void sectorLevelRecordsBecomeIoOnTheBlockDeviceFromOneStage() throws IOException {
        Path out = dir.resolve("dev.iolog");
        try (TraceWriter w = format.create(out)) {
            w.write(sector(EventKind.QUEUE, 1, Operation.WRITE, 8, 16, 4096));
            w.write(sector(EventKind.ISSUE, 2, Operation.WRITE, 8, 16, 4096));
            w.write(sector(EventKind.COMPLETE, 3, Operation.WRITE, 8, 16, 4096));
            w.write(sector(EventKind.ISSUE, 4, Operation.READ, 9, 100, 512)); // device 8,1: issue only
            w.write(sector(EventKind.QUEUE, 5, Operation.FLUSH, 8, 0, 0));
            assertThat(w.omitted()).isEqualTo(2);
        }
        assertThat(Files.readAllLines(out)).containsExactly("fio version 3 iolog",
                "1 /dev/block/8:0 add", "1 /dev/block/8:0 open", "1 /dev/block/8:0 write 8192 4096",
                "4 /dev/block/8:1 add", "4 /dev/block/8:1 open", "4 /dev/block/8:1 read 51200 512",
                "5 /dev/block/8:0 sync 0 0");
    }

    private static IoRecord sector(EventKind kind, long us, Operation op, int dev, long sector, long bytes) {
        IoRecord r = new IoRecord();
        r.kind = kind;
        r.timeNs = us * 1000;
        r.op = op;
        r.device = IoRecord.device(8, dev - 8);
        r.sector = sector;
        r.bytes = bytes;
        return r;
    }

    @Test
    void realFioReplaysALogWeWrote() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("replay.iolog");
        try (TraceWriter w = format.create(log)) {
            w.fileName(0, data.toString());
            w.write(fileOp(0, Operation.OPEN, 0, 0));
            for (int i = 0; i < 8; i++) {
                w.write(fileOp(10 + i, Operation.WRITE, i * 8192L, 8192));
            }
            w.write(fileOp(30, Operation.READ, 4096, 4096));
            w.write(fileOp(31, Operation.READ, 16384, 16384));
            w.write(fileOp(40, Operation.FSYNC, 0, 0));
            w.write(fileOp(50, Operation.CLOSE, 0, 0));
        }
        Process p = new ProcessBuilder("fio", "--name=replay", "--read_iolog=" + log, "--ioengine=psync",
                "--output-format=terse", "--terse-version=3").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        // terse v3: field 6 is the read total in KiB, field 47 the write total in KiB (fio HOWTO)
        String[] f = output.lines().filter(l -> l.startsWith("3;")).findFirst().orElseThrow().split(";");
        assertThat(f[4]).as("error").isEqualTo("0");
        assertThat(Long.parseLong(f[5])).as("read KiB").isEqualTo((4096 + 16384) / 1024);
        assertThat(Long.parseLong(f[46])).as("write KiB").isEqualTo(8 * 8192 / 1024);
        assertThat(Files.size(data)).isEqualTo(8 * 8192L);
    }

    private static IoRecord fileOp(long us, Operation op, long offset, long bytes) {
        IoRecord r = new IoRecord();
        r.timeNs = us * 1000;
        r.op = op;
        r.file = 0;
        r.offset = offset;
        r.bytes = bytes;
        return r;
    }

    @Test
    void rejectsBadLinesNamingFileLineAndExpectation() throws IOException {
        String header = "fio version 3 iolog\n";
        assertError(header + "10 /a add\nxx /a open\n", "line 3", "expected a time in microseconds");
        assertError(header + "10 /a write 0\n", "line 2", "expected the length in bytes");
        assertError(header + "10 /a write -5 4096\n", "line 2", "expected the offset in bytes", "'-5'");
        assertError(header + "10 /a write 0 4k\n", "line 2", "expected nothing more after 'write OFFSET LENGTH'", "'k'");
        assertError(header + "10 /a open 0 0\n", "line 2", "expected nothing more after 'open'");
        assertError(header + "10 /a frobnicate 0 0\n", "line 2", "expected an action", "'frobnicate'");
        assertError(header + "10 /a wait 100 0\n", "line 2", "'wait' is not allowed in a version 3 iolog");
        assertError(header + "10\n", "line 2", "expected a time in microseconds, then a file name");
        assertError("fio version 2 iolog\n/a\n", "line 2", "expected 'FILE ACTION [OFFSET LENGTH]'");
        assertError("", "line 1", "the file is empty");
        assertError("\u0000\u0001garbage\u00ff\n", "line 1", "expected the header 'fio version 2 iolog'");
    }

    private void assertError(String text, String... parts) throws IOException {
        Path p = file("bad.iolog", text);
        assertThatThrownBy(() -> {
            try (TraceReader in = format.open(p, ReadOptions.STRICT)) {
                readAll(in);
            }
        }).isInstanceOf(TraceFormatException.class).hasMessageStartingWith(p + ": ").hasMessageContainingAll(parts);
    }

    @Test
    void lenientModeCountsAndSkipsBadLines() throws IOException {
        Path p = file("mixed.iolog", "fio version 3 iolog\n1 /a add\n2 /a open\n3 /a write x 1\n"
                + "4 /a write 0 4096\n5 /a read 0\n6 /a close\n");
        try (TraceReader in = format.open(p, ReadOptions.LENIENT)) {
            assertThat(readAll(in)).extracting(r -> r.op).containsExactly(Operation.OPEN, Operation.WRITE, Operation.CLOSE);
            assertThat(in.skipped()).isEqualTo(2);
            assertThat(in.skippedSummary()).contains("skipped 2", "line 4");
        }
    }
}
