package io.wbreplay.traces.blktrace;

import static io.wbreplay.traces.blktrace.RawTrace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlktraceReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static List<IoRecord> readAll(Path path, ReadOptions options) throws IOException {
        try (TraceReader in = new BlktraceReader(path, options)) {
            return readAll(in);
        }
    }

    private static List<IoRecord> readAll(TraceReader in) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        IoRecord r = new IoRecord();
        while (in.next(r)) {
            out.add(r.copy());
        }
        return out;
    }

    /** Three events of one write by pid 42 ("dd"), times 1000, 1500, 9000 ns. */
    private static RawTrace threeEvents() {
        return new RawTrace().process(1000, 42, 0, "dd")
                .event(1, 1000, 2048, 4096, Q_WRITE, 42, 0)
                .event(2, 1500, 2048, 4096, D_WRITE, 42, 0)
                .event(3, 9000, 2048, 4096, C_WRITE, 0, 0);
    }

    @Test
    void decodesEveryFieldOfAHandBuiltTrace() throws IOException {
        Path f = file("t.bin", threeEvents().bytes());
        try (BlktraceReader in = new BlktraceReader(f, ReadOptions.STRICT)) {
            List<IoRecord> rs = readAll(in);
            assertThat(rs).extracting(r -> r.kind).containsExactly(EventKind.QUEUE, EventKind.ISSUE, EventKind.COMPLETE);
            assertThat(rs).extracting(r -> r.timeNs).containsExactly(0L, 500L, 8000L);
            IoRecord q = rs.get(0);
            assertThat(q.op).isEqualTo(Operation.WRITE);
            assertThat(q.flags).isZero();
            assertThat(q.sector).isEqualTo(2048);
            assertThat(q.bytes).isEqualTo(4096);
            assertThat(q.pid).isEqualTo(42);
            assertThat(q.device).isEqualTo(IoRecord.device(8, 16));
            assertThat(q.isFileLevel()).isFalse();
            assertThat(in.processName(42)).isEqualTo("dd");
            assertThat(in.ignored()).isEqualTo(1);
        }
    }

    @Test
    void bigEndianTraceReadsTheSameAsLittleEndian() throws IOException {
        byte[] little = threeEvents().bytes();
        Path le = file("le.bin", little);
        Path be = file("be.bin", swapToBigEndian(little));
        assertThat(Files.readAllBytes(be)).isNotEqualTo(little);
        try (BlktraceReader in = new BlktraceReader(be, ReadOptions.STRICT)) {
            assertThat(readAll(in)).isEqualTo(readAll(le, ReadOptions.STRICT)).hasSize(3);
            assertThat(in.processName(42)).isEqualTo("dd");
        }
    }

    @Test
    void bigEndianPublicSampleReadsTheSame() throws IOException {
        byte[] little = Files.readAllBytes(Tools.publicSample());
        Path be = file("sample-be.bin", swapToBigEndian(little));
        List<IoRecord> fromBig = readAll(be, ReadOptions.STRICT);
        assertThat(fromBig).hasSize(6741).isEqualTo(readAll(Tools.publicSample(), ReadOptions.STRICT));
    }

    @Test
    void perCpuFilesAreMergedByTimeWithTiesToTheLowerCpu() throws IOException {
        file("m.blktrace.0", new RawTrace().event(1, 100, 1, 512, Q_WRITE, 1, 0).event(2, 300, 3, 512, Q_WRITE, 1, 0)
                .event(3, 500, 5, 512, Q_WRITE, 1, 0).bytes());
        file("m.blktrace.1", new RawTrace().event(1, 50, 10, 512, Q_WRITE, 2, 1).event(2, 300, 30, 512, Q_WRITE, 2, 1)
                .event(3, 700, 70, 512, Q_WRITE, 2, 1).bytes());
        file("m.blktrace.2", new byte[0]); // a CPU that saw no I/O
        file("m.blktrace.4", threeEvents().bytes()); // after the gap at 3 (blkparse would stop there): still read
        List<IoRecord> rs = readAll(dir.resolve("m"), ReadOptions.STRICT);
        assertThat(rs).extracting(r -> r.sector).containsExactly(10L, 1L, 3L, 30L, 5L, 70L, 2048L, 2048L, 2048L);
        assertThat(rs).extracting(r -> r.timeNs).containsExactly(0L, 50L, 250L, 250L, 450L, 650L, 950L, 1450L, 8950L);
        assertThat(rs).extracting(r -> r.cpu).containsExactly(1, 0, 0, 1, 0, 1, 0, 0, 0);
    }

    @Test
    void formatDetectionFindsPerCpuFilesFromTheTraceName() throws IOException {
        file("d.blktrace.0", threeEvents().bytes());
        assertThat(TraceFormats.detect(dir.resolve("d")).name()).isEqualTo("blktrace");
        try (TraceReader in = TraceFormats.open(dir.resolve("d"), null, ReadOptions.STRICT)) {
            assertThat(readAll(in)).hasSize(3);
        }
    }

    @Test
    void formatDetectionLooksPastAnEmptyOrMissingCpu0File() throws IOException {
        file("e.blktrace.0", new byte[0]); // CPU 0 saw no I/O
        file("e.blktrace.1", threeEvents().bytes());
        file("g.blktrace.2", threeEvents().bytes()); // g.blktrace.0 and .1 are missing
        for (String name : List.of("e", "g")) {
            assertThat(TraceFormats.detect(dir.resolve(name)).name()).as(name).isEqualTo("blktrace");
            try (TraceReader in = TraceFormats.open(dir.resolve(name), null, ReadOptions.STRICT)) {
                assertThat(readAll(in)).as(name).extracting(r -> r.kind)
                        .containsExactly(EventKind.QUEUE, EventKind.ISSUE, EventKind.COMPLETE);
            }
        }
    }

    @Test
    void allCpuFilesEmptyIsAnErrorNamingTheFirst() throws IOException {
        file("z.blktrace.0", new byte[0]);
        file("z.blktrace.1", new byte[0]);
        assertThatThrownBy(() -> TraceFormats.detect(dir.resolve("z"))).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("z.blktrace.0: byte offset 0").hasMessageContaining("all 2 per-CPU file(s) are empty");
    }

    @Test
    void skipsNotesPassthroughAndReadsCgroupPayloads() throws IOException {
        byte[] cgroupName = new byte[8 + 16];
        System.arraycopy("kworker/0:1".getBytes(), 0, cgroupName, 8, 11);
        byte[] cgroupId = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] timestamp = new byte[8];
        Path f = file("n.bin", new RawTrace()
                .record(MAGIC_V7, 0, 10, 0, 0, NOTE_TIMESTAMP, 0, 0, 0, timestamp)
                .record(MAGIC_V7, 0, 10, 0, 0, NOTE_PROCESS | CGROUP, 7, 0, 0, cgroupName)
                .record(MAGIC_V7, 0, 12, 0, 0, NOTE_MESSAGE, 0, 0, 0, "hello".getBytes())
                .event(1, 20, 64, 512, D_PC, 7, 0)
                .record(MAGIC_V7, 2, 30, 64, 512, Q_READ_SYNC | CGROUP, 7, 0, 0, cgroupId)
                .bytes());
        try (BlktraceReader in = new BlktraceReader(f, ReadOptions.STRICT)) {
            List<IoRecord> rs = readAll(in);
            assertThat(rs).hasSize(1);
            assertThat(rs.get(0).kind).isEqualTo(EventKind.QUEUE);
            assertThat(rs.get(0).op).isEqualTo(Operation.READ);
            assertThat(rs.get(0).flags).isEqualTo(IoRecord.SYNC);
            assertThat(rs.get(0).timeNs).as("the only event is the genesis").isZero();
            assertThat(in.ignored()).isEqualTo(4);
            assertThat(in.processName(7)).isEqualTo("kworker/0:1");
        }
    }

    // --- bad input -------------------------------------------------------------------------------

    @Test
    void emptyFile() throws IOException {
        Path f = file("empty.bin", new byte[0]);
        assertThatThrownBy(() -> readAll(f, ReadOptions.LENIENT)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("empty.bin: byte offset 0").hasMessageContaining("empty");
    }

    @Test
    void garbage() throws IOException {
        Path f = file("garbage.bin", "this is not a blktrace file, just some text that goes on\n".getBytes());
        assertThatThrownBy(() -> readAll(f, ReadOptions.LENIENT)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 0").hasMessageContaining("bad magic 0x73696874")
                .hasMessageContaining("0x65617407");
    }

    @Test
    void version8IsRejectedClearly() throws IOException {
        byte[] b = threeEvents().bytes();
        b[0] = 8; // the version byte of the first (little-endian) magic
        Path f = file("v8.bin", b);
        assertThatThrownBy(() -> readAll(f, ReadOptions.LENIENT)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 0").hasMessageContaining("version 8")
                .hasMessageContaining("blk_io_trace2");
        b[0] = 6;
        Path f6 = file("v6.bin", b);
        assertThatThrownBy(() -> readAll(f6, ReadOptions.STRICT)).hasMessageContaining("unsupported blktrace version 6");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] whole = threeEvents().bytes(); // 64 + 48 + 48 + 48 bytes
        Path f = file("cut.bin", Arrays.copyOf(whole, whole.length - 28));
        assertThatThrownBy(() -> readAll(f, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 160").hasMessageContaining("48-byte").hasMessageContaining("only 20 byte(s)");
        try (TraceReader in = new BlktraceReader(f, ReadOptions.LENIENT)) {
            assertThat(readAll(in)).hasSize(2);
            assertThat(in.skipped()).isEqualTo(1);
            assertThat(in.skippedSummary()).contains("skipped 1 malformed record(s)").contains("byte offset 160");
        }
    }

    @Test
    void truncatedPayload() throws IOException {
        byte[] whole = threeEvents().bytes();
        Path f = file("cutpdu.bin", Arrays.copyOf(whole, 52)); // the PROCESS note's 16-byte name is cut after 4
        assertThatThrownBy(() -> readAll(f, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 0").hasMessageContaining("16-byte payload (64 bytes in all)")
                .hasMessageContaining("only 52 byte(s) remain");
    }

    @Test
    void pduLengthPastTheEnd() throws IOException {
        byte[] b = threeEvents().bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(160 + 46, (short) 0xffff);
        Path f = file("pdu.bin", b);
        assertThatThrownBy(() -> readAll(f, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 160").hasMessageContaining("payload length 65535 is over 512 bytes");
        assertThat(readAll(f, ReadOptions.LENIENT)).hasSize(2);
    }

    @Test
    void badMagicInTheMiddleFailsStrictAndResyncsLenient() throws IOException {
        byte[] b = threeEvents().bytes();
        b[112 + 3] = 0x11; // the third record's magic
        Path f = file("mid.bin", b);
        assertThatThrownBy(() -> readAll(f, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 112").hasMessageContaining("bad magic 0x11617407");
        List<IoRecord> rs = readAll(f, ReadOptions.LENIENT);
        assertThat(rs).extracting(r -> r.kind).containsExactly(EventKind.QUEUE, EventKind.COMPLETE);
    }

    @Test
    void badMagicResyncsAcrossMappedWindows() throws IOException {
        byte[] b = threeEvents().bytes(); // a 64-byte note, then events at 64, 112 and 160: 208 bytes
        b[112 + 3] = 0x11;
        Path f = file("mid.bin", b);
        // 130-byte windows: the scan for the next magic runs out of the first window at 127
        try (BlktraceReader in = new BlktraceReader(f, ReadOptions.LENIENT, 130)) {
            assertThat(readAll(in)).extracting(r -> r.kind).containsExactly(EventKind.QUEUE, EventKind.COMPLETE);
            assertThat(in.skipped()).isEqualTo(1);
        }
    }

    @Test
    void onlyACompressedTraceIsWorthReadingAhead() throws IOException {
        byte[] raw = threeEvents().bytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(raw);
        }
        try (BlktraceReader plain = new BlktraceReader(file("p.bin", raw), ReadOptions.STRICT);
                BlktraceReader compressed = new BlktraceReader(file("c.bin.gz", gz.toByteArray()), ReadOptions.STRICT)) {
            assertThat(plain.worthReadingAhead()).isFalse();
            assertThat(compressed.worthReadingAhead()).isTrue();
            assertThat(readAll(compressed)).isEqualTo(readAll(plain)).hasSize(3);
        }
    }

    @Test
    void unknownActionCode() throws IOException {
        Path f = file("act.bin", new RawTrace().event(1, 0, 8, 512, 0x0012_002a, 1, 0).event(2, 5, 8, 512, Q_WRITE, 1, 0).bytes());
        assertThatThrownBy(() -> readAll(f, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 0").hasMessageContaining("unknown blktrace action code 42");
        assertThat(readAll(f, ReadOptions.LENIENT)).hasSize(1);
    }

    @Test
    void missingTraceNamesBothForms() {
        assertThatThrownBy(() -> readAll(dir.resolve("nope"), ReadOptions.STRICT))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("nope.blktrace.0");
    }
}
