package io.wbreplay.traces.csv;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WbreplayCsvFormatTest {
    private static final String HEADER = "time_ns,kind,op,pid,cpu,device,sector,file,offset,bytes,flags,error\n";
    private final WbreplayCsvFormat format = new WbreplayCsvFormat();

    @TempDir
    Path dir;

    private static IoRecord sector(long t, EventKind kind, Operation op, int dev, long sector, long bytes, int flags) {
        IoRecord r = new IoRecord();
        r.timeNs = t;
        r.kind = kind;
        r.op = op;
        r.pid = 4242;
        r.cpu = 3;
        r.device = dev;
        r.sector = sector;
        r.bytes = bytes;
        r.flags = flags;
        return r;
    }

    private static IoRecord file(long t, Operation op, int file, long offset, long bytes) {
        IoRecord r = new IoRecord();
        r.timeNs = t;
        r.op = op;
        r.pid = 7;
        r.file = file;
        r.offset = offset;
        r.bytes = bytes;
        return r;
    }

    @Test
    void roundTripIsExact() throws IOException {
        List<IoRecord> in = new ArrayList<>();
        in.add(sector(0, EventKind.QUEUE, Operation.WRITE, IoRecord.device(8, 0), 1165920, 4096, IoRecord.SYNC | IoRecord.META));
        in.add(sector(9_507_758, EventKind.ISSUE, Operation.WRITE, IoRecord.device(8, 0), 1165920, 4096, IoRecord.FUA | IoRecord.PREFLUSH));
        IoRecord c = sector(9_600_000, EventKind.COMPLETE, Operation.READ, IoRecord.device(259, 1048575), Long.MAX_VALUE / 512, 0, IoRecord.READAHEAD); // the last sector whose byte offset fits
        c.error = 5;
        in.add(c);
        in.add(file(10_000_000, Operation.OPEN, 0, 0, 0));
        in.add(file(10_000_001, Operation.WRITE, 0, 1L << 40, 65536));
        in.add(file(10_000_002, Operation.OPEN, 1, 0, 0));
        in.add(file(10_000_003, Operation.TRUNCATE, 1, 4096, 0));
        in.add(file(10_000_004, Operation.UNLINK, 0, 0, 0));
        Path f = dir.resolve("t.csv");
        try (TraceWriter w = format.create(f)) {
            w.fileName(0, "dir/a \"quoted\", name");
            w.fileName(1, "multi\nline");
            for (IoRecord r : in) {
                w.write(r);
            }
        }
        List<IoRecord> out = new ArrayList<>();
        try (TraceReader r = TraceFormats.open(f, null, ReadOptions.STRICT)) {
            IoRecord rec = new IoRecord();
            while (r.next(rec)) {
                out.add(rec.copy());
            }
            assertThat(r.fileName(0)).isEqualTo("dir/a \"quoted\", name");
            assertThat(r.fileName(1)).isEqualTo("multi\nline");
        }
        assertThat(out).containsExactlyElementsOf(in);
        String text = Files.readString(f);
        assertThat(text).startsWith(HEADER);
        assertThat(text).contains("0,QUEUE,WRITE,4242,3,8:0,1165920,,,4096,SM,0\n");
        assertThat(text).contains("9600000,COMPLETE,READ,4242,3,259:1048575,18014398509481983,,,0,A,5\n");
        // writing it again gives the same bytes
        Path g = dir.resolve("u.csv");
        try (TraceReader r = TraceFormats.open(f, "wbreplay-csv", ReadOptions.STRICT); TraceWriter w = format.create(g)) {
            IoRecord rec = new IoRecord();
            int named = 0;
            while (r.next(rec)) {
                if (rec.isFileLevel() && rec.file == named) { // a reader names files as they first appear
                    w.fileName(named, r.fileName(named));
                    named++;
                }
                w.write(rec);
            }
        }
        assertThat(Files.readString(g)).isEqualTo(text);
    }

    @Test
    void detectedBySniffing() throws IOException {
        Path f = write("ok.csv", HEADER + "5,FILE_OP,WRITE,1,0,,,f0,0,4096,,0\n");
        assertThat(TraceFormats.detect(f).name()).isEqualTo("wbreplay-csv");
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String strictError(String body) throws IOException {
        Path f = write("bad.csv", HEADER + body);
        try (TraceReader r = format.open(f, ReadOptions.STRICT)) {
            IoRecord rec = new IoRecord();
            while (r.next(rec)) {
                // read on to the bad row
            }
        } catch (TraceFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + body);
    }

    @Test
    void wrongColumnCountNamesTheLine() throws IOException {
        assertThat(strictError("0,QUEUE,WRITE,1,0,8:0,8,,,4096,,0\n1,QUEUE,WRITE,1,0,8:0,8,,,4096\n"))
                .contains("bad.csv: line 3: expected 12 columns").contains("found 10");
    }

    @Test
    void negativeSizeNamesTheLine() throws IOException {
        assertThat(strictError("0,QUEUE,WRITE,1,0,8:0,8,,,-4096,,0\n"))
                .contains("line 2: bytes: expected a number >= 0, found -4096");
    }

    @Test
    void unknownOperationNamesTheLine() throws IOException {
        assertThat(strictError("0,FILE_OP,WRITE,1,0,,,a,0,1,,0\n1,FILE_OP,SCRIBBLE,1,0,,,a,0,1,,0\n"))
                .contains("line 3: op: expected one of READ, WRITE").contains("found 'SCRIBBLE'");
    }

    @Test
    void otherBadFields() throws IOException {
        assertThat(strictError("0,QUEUE,WRITE,1,0,8-0,8,,,4096,,0\n")).contains("line 2: device: expected MAJOR:MINOR");
        assertThat(strictError("0,QUEUE,WRITE,1,0,8:0,8,,,4096,SX,0\n")).contains("line 2: flags: expected letters from SMFPA");
        assertThat(strictError("0,QUEUE,WRITE,1,0,,8,,,4096,,0\n")).contains("line 2: expected either device and sector");
        assertThat(strictError("x,QUEUE,WRITE,1,0,8:0,8,,,4096,,0\n")).contains("line 2: time_ns: expected a whole number, found 'x'");
        // a quoted newline inside a file name: the next row's line is counted correctly
        assertThat(strictError("0,FILE_OP,OPEN,1,0,,,\"a\nb\",0,0,,0\n1,BOGUS,WRITE,1,0,8:0,8,,,4096,,0\n"))
                .contains("line 4: kind: expected one of");
    }

    @Test
    void wrongHeaderIsRejected() throws IOException {
        Path f = write("h.csv", "time,op\n1,READ\n");
        assertThatThrownBy(() -> format.open(f, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("line 1: expected the header");
    }

    @Test
    void lenientSkipsAndCounts() throws IOException {
        Path f = write("l.csv", HEADER + "0,QUEUE,WRITE,1,0,8:0,8,,,4096,,0\n1,QUEUE,WRITE\n2,ISSUE,WRITE,1,0,8:0,8,,,-1,,0\n3,ISSUE,WRITE,1,0,8:0,8,,,512,,0\n");
        try (TraceReader r = format.open(f, ReadOptions.LENIENT)) {
            IoRecord rec = new IoRecord();
            List<Long> times = new ArrayList<>();
            while (r.next(rec)) {
                times.add(rec.timeNs);
            }
            assertThat(times).containsExactly(0L, 3L);
            assertThat(r.skipped()).isEqualTo(2);
            assertThat(r.skippedSummary()).contains("skipped 2 malformed").contains("line 3");
        }
    }

    @Test
    void abandonedWriterLeavesNoFile() throws IOException {
        Path f = dir.resolve("never.csv");
        TraceWriter w = format.create(f);
        w.write(file(0, Operation.WRITE, 0, 0, 1));
        w.abandon();
        assertThat(f).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
