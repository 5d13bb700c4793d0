package io.wbreplay.traces.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFormatsTest {
    private final MsrFormat msr = new MsrFormat();
    private final SpcFormat spc = new SpcFormat();

    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(DatasetFormatsTest.class.getResource("/dataset/" + name).toURI());
    }

    static List<IoRecord> readAll(TraceReader in) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        IoRecord r = new IoRecord();
        while (in.next(r)) {
            out.add(r.copy());
        }
        return out;
    }

    private Path file(String text) throws IOException {
        Path p = dir.resolve("trace.csv");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsMsrRowsWithTimesRelativeToTheFirst() throws Exception {
        try (TraceReader in = msr.open(resource("msr-sample.csv"), ReadOptions.STRICT)) {
            List<IoRecord> r = readAll(in);
            // FILETIME differences x 100 ns: 45013, 186856 and 13388892 ticks after the first row
            assertThat(r).extracting(x -> x.timeNs).containsExactly(0L, 4_501_300L, 18_685_600L, 1_338_889_200L);
            assertThat(r).extracting(x -> x.op).containsExactly(Operation.WRITE, Operation.WRITE, Operation.READ,
                    Operation.WRITE);
            // byte offsets / 512
            assertThat(r).extracting(x -> x.sector).containsExactly(6_160_416L, 6_160_400L, 4_194_304L, 6_160_424L);
            assertThat(r).extracting(x -> x.bytes).containsExactly(4096L, 8192L, 65536L, 4096L);
            assertThat(r).extracting(x -> IoRecord.minor(x.device)).containsExactly(0, 0, 1, 0);
            assertThat(r).allSatisfy(x -> assertThat(x.kind).isEqualTo(EventKind.QUEUE));
        }
    }

    @Test
    void readsSpcRowsInEitherCaseWithExtraFields() throws Exception {
        try (TraceReader in = spc.open(resource("spc-sample.csv"), ReadOptions.STRICT)) {
            List<IoRecord> r = readAll(in);
            assertThat(r).extracting(x -> x.timeNs).containsExactly(0L, 0L, 26_214_000L, 26_214_000L);
            assertThat(r).extracting(x -> x.op).containsExactly(Operation.WRITE, Operation.WRITE, Operation.READ,
                    Operation.READ);
            assertThat(r).extracting(x -> x.sector).containsExactly(303_567L, 55_590L, 303_574L, 1L);
            assertThat(r).extracting(x -> x.bytes).containsExactly(3584L, 3072L, 1536L, 512L);
            assertThat(r).extracting(x -> IoRecord.minor(x.device)).containsExactly(0, 1, 0, 2);
        }
    }

    @Test
    void headersAndBlankLinesAreIgnored() throws IOException {
        Path p = file("Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime\n\n"
                + "128166372002993263,hm,0,Write,4096,4096,14119\n");
        try (TraceReader in = msr.open(p, ReadOptions.STRICT)) {
            assertThat(readAll(in)).hasSize(1);
            assertThat(in.ignored()).isEqualTo(2);
        }
        assertThat(TraceFormats.detect(p).name()).isEqualTo("msr");
    }

    @Test
    void sniffingKeepsTheFormatsApart() throws Exception {
        assertThat(TraceFormats.detect(resource("msr-sample.csv")).name()).isEqualTo("msr");
        assertThat(TraceFormats.detect(resource("spc-sample.csv")).name()).isEqualTo("spc");
        assertThat(sniff(spc, Files.readAllBytes(resource("msr-sample.csv")))).isFalse();
        assertThat(sniff(msr, Files.readAllBytes(resource("spc-sample.csv")))).isFalse();
        byte[] ours = "time_ns,op,pid,device,sector,bytes\n0,W,1,8:0,0,4096\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(sniff(msr, ours)).isFalse();
        assertThat(sniff(spc, ours)).isFalse();
        byte[] fio = "fio version 3 iolog\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(sniff(msr, fio) || sniff(spc, fio)).isFalse();
    }

    private boolean sniff(TraceFormat f, byte[] head) {
        return f.sniff(dir, head, head.length);
    }

    @Test
    void badMsrRowsNameFileLineAndExpectation() throws IOException {
        String good = "128166372002993263,hm,0,Write,4096,4096,14119\n";
        assertError(msr, good + "128166372002993263,hm,0,Write,4096,4096\n", "line 2", "expected 7 comma-separated fields, found 6");
        assertError(msr, good + "128166372002993263,hm,0,Write,4096,-4096,1\n", "line 2", "expected a Size in bytes", "'-4096'");
        assertError(msr, good + "12816637200299326x,hm,0,Write,4096,4096,1\n", "line 2", "expected a Timestamp");
        assertError(msr, good + "128166372002993263,hm,0,Erase,4096,4096,1\n", "line 2", "expected Type Read or Write", "'Erase'");
        assertError(msr, "", "line 1", "the file is empty");
        assertError(msr, "\u0000\u0001\u0002garbage\n", "line 1", "expected 7 comma-separated fields",
                MsrFormat.LAYOUT);
    }

    @Test
    void badSpcRowsNameFileLineAndExpectation() throws IOException {
        String good = "0,303567,3584,w,0.000000\n";
        assertError(spc, good + "0,303567,3584,w\n", "line 2", "expected 5 or more comma-separated fields, found 4");
        assertError(spc, good + "0,303567,-3584,w,0.1\n", "line 2", "expected a Size in bytes", "'-3584'");
        assertError(spc, good + "0,abc,3584,w,0.1\n", "line 2", "expected an LBA in 512-byte blocks", "'abc'");
        assertError(spc, good + "0,1,3584,x,0.1\n", "line 2", "expected Opcode r or w");
        assertError(spc, good + "0,1,3584,w,soon\n", "line 2", "expected a Timestamp in seconds");
        assertError(spc, "", "line 1", "the file is empty");
        assertError(spc, "%%% garbage %%%\n", "line 1", "expected 5 or more comma-separated fields", SpcFormat.LAYOUT);
    }

    private void assertError(TraceFormat f, String text, String... parts) throws IOException {
        Path p = file(text);
        assertThatThrownBy(() -> {
            try (TraceReader in = f.open(p, ReadOptions.STRICT)) {
                readAll(in);
            }
        }).isInstanceOf(TraceFormatException.class).hasMessageStartingWith(p + ": ").hasMessageContainingAll(parts);
    }

    @Test
    void lenientModeCountsBadRows() throws IOException {
        Path p = file("0,1,512,w,0.1\n0,1,512,w\nbad\n0,2,512,r,0.2\n");
        try (TraceReader in = spc.open(p, ReadOptions.LENIENT)) {
            assertThat(readAll(in)).extracting(x -> x.sector).containsExactly(1L, 2L);
            assertThat(in.skipped()).isEqualTo(2);
            assertThat(in.skippedSummary()).contains("skipped 2", "line 2");
        }
    }
}
